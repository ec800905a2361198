// The parts of the page around the content: the service navigation for the signed-in user's role.
import { html } from './html.js';
import { navigationFor } from './roles.js';

// Whether a navigation item is the current section (its path, or a page under it).
function isCurrent(href, path) {
  if (href === '/cases') return path === '/cases' || path.startsWith('/children');
  return path === href || path.startsWith(`${href}/`);
}

export function renderNavigation(user, path) {
  const wrapper = document.getElementById('app-navigation');
  const list = document.getElementById('navigation');
  if (!wrapper || !list) return;
  if (!user) {
    wrapper.hidden = true;
    list.innerHTML = '';
    return;
  }
  const items = [...navigationFor(user), { href: '/account', text: 'Your account' }, { href: '/sign-out', text: 'Sign out' }];
  list.innerHTML = String(html`${items.map((item) => {
    const current = isCurrent(item.href, path);
    return html`<li class="govuk-service-navigation__item${current ? ' govuk-service-navigation__item--active' : ''}">
      <a class="govuk-service-navigation__link" href="${item.href}"${current ? html` aria-current="page"` : ''}>${current ? html`<strong class="govuk-service-navigation__active-fallback">${item.text}</strong>` : item.text}</a>
    </li>`;
  })}`);
  wrapper.hidden = false;
}
