// Links to views of one list (such as referrals by status): the current view is marked with aria-current.
import { html } from '../html.js';

// items: [{href, text, current}]. These lead to other addresses, so they are a navigation
// landmark with aria-current rather than GOV.UK tabs (which switch panels within a page).
export function subNavigation(label, items) {
  return html`<nav class="app-sub-navigation" aria-label="${label}">
  <ul class="app-sub-navigation__list">
    ${items.map((item) => html`<li class="app-sub-navigation__item">
      <a class="app-sub-navigation__link" href="${item.href}"${item.current ? html` aria-current="page"` : ''}>${item.text}</a>
    </li>`)}
  </ul>
</nav>`;
}
