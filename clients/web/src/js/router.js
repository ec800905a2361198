// Client-side routing with the History API: finds a path's page, renders it, sets the title and moves focus.
import { initAll } from '../govuk/govuk-frontend.min.js';
import { ApiError } from './api.js';
import { html } from './html.js';
import { backLink } from './components/back-link.js';
import { notificationBanner } from './components/notification-banner.js';
import { renderNavigation } from './layout.js';
import { forget, user } from './session.js';
import { forbiddenView, notFoundView, serviceProblemView } from './pages/problems.js';

const SERVICE_NAME = 'Family group conferences';

let routes = [];
let generation = 0;
let pendingFlash = null;
let firstRender = true;

// routes: [{path: '/referrals/:id', page: async (ctx) => {}, roles: [...] | undefined, public}]
export function setRoutes(list) {
  routes = list.map((route) => {
    const names = [];
    const pattern = route.path.replace(/:([a-z_]+)/g, (_, name) => {
      names.push(name);
      return name.endsWith('id') ? '([1-9][0-9]{0,14})' : '([^/]+)';
    });
    return { ...route, names, regex: new RegExp(`^${pattern}/?$`) };
  });
}

export function match(pathname) {
  for (const route of routes) {
    const found = route.regex.exec(pathname);
    if (found) {
      const params = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1]);
      });
      return { route, params };
    }
  }
  return null;
}

// The sign-in page's address, coming back to `path` afterwards.
export function signInUrl(path, reason) {
  const params = new URLSearchParams();
  if (path && path !== '/' && !path.startsWith('/sign-in') && !path.startsWith('/sign-out')) params.set('return', path);
  if (reason) params.set('reason', reason);
  const text = params.toString();
  return `/sign-in${text ? `?${text}` : ''}`;
}

// Only a path on this site (not "//other.example") may be returned to after signing in.
export function safeReturnPath(value) {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

// Goes to url. flash: {heading, text} shown as a success banner on the next page.
export async function navigate(url, { replace = false, flash = null } = {}) {
  const target = new URL(url, window.location.origin);
  if (target.origin !== window.location.origin) {
    window.location.assign(target.href);
    return;
  }
  if (flash) pendingFlash = flash;
  const same = target.pathname + target.search === window.location.pathname + window.location.search;
  if (replace || same) window.history.replaceState(null, '', target.pathname + target.search + target.hash);
  else window.history.pushState(null, '', target.pathname + target.search + target.hash);
  await renderCurrent();
}

function focusAfterRender(main, view) {
  // The error summary and a success banner focus themselves (GOV.UK Frontend does it).
  if (main.querySelector('.govuk-error-summary, .govuk-notification-banner[role="alert"]')) return;
  if (view.focus === 'none') return;
  const target = main.querySelector('h1') || main;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

function show(view, flash) {
  const main = document.getElementById('main-content');
  // The wall display (pages/wall.js) has no header, navigation or footer: large type for a screen.
  document.body.classList.toggle('app-wall-mode', Boolean(view.wall));
  document.title = `${view.error ? 'Error: ' : ''}${view.title} - ${SERVICE_NAME}`;
  // The back link opens the main landmark, so that nothing is outside a landmark.
  main.innerHTML = String(html`${view.back ? backLink(view.back.href, view.back.text) : ''}${flash ? notificationBanner({ ...flash, success: true }) : ''}${view.body}`);
  initAll(main);
  if (view.init) view.init(main);
  const current = user();
  renderNavigation(current, window.location.pathname);
  if (!view.keepScroll) window.scrollTo(0, 0);
  // On the first page of a visit focus stays at the start of the document, as on any page load;
  // after a client-side navigation it moves to the new page's heading.
  if (!firstRender || view.error) focusAfterRender(main, view);
  firstRender = false;
}

function makeContext(token, url, params) {
  let flash = pendingFlash;
  pendingFlash = null;
  const ctx = {
    params: params || {},
    query: url.searchParams,
    path: url.pathname + url.search,
    user: user(),
    navigate,
    // Draws a page. Later calls (a form shown again with errors) keep the same address.
    show(view) {
      if (token !== generation) return; // the user has gone to another page meanwhile
      show(view, flash);
      flash = null;
    },
    // The page could not be shown: sign in again, no access, no such record, or a fault.
    fail(error) {
      if (token !== generation) return;
      handleError(ctx, error);
    },
  };
  return ctx;
}

function handleError(ctx, error) {
  if (error instanceof ApiError) {
    if (error.status === 401) {
      forget();
      navigate(signInUrl(ctx.path, 'expired'), { replace: true });
      return;
    }
    if (error.status === 403) {
      ctx.show(forbiddenView(ctx.user, error));
      return;
    }
    if (error.status === 404) {
      ctx.show(notFoundView(error));
      return;
    }
  }
  console.error(error);
  ctx.show(serviceProblemView(error));
}

export async function renderCurrent() {
  const token = ++generation;
  const url = new URL(window.location.href);
  const found = match(url.pathname);
  const ctx = makeContext(token, url, found && found.params);
  try {
    if (!found) {
      ctx.show(notFoundView());
      return;
    }
    const { route } = found;
    if (!route.public && !ctx.user) {
      await navigate(signInUrl(ctx.path), { replace: true });
      return;
    }
    if (route.roles && !route.roles.includes(ctx.user.role)) {
      ctx.show(forbiddenView(ctx.user));
      return;
    }
    document.getElementById('main-content').setAttribute('aria-busy', 'true');
    await route.page(ctx);
  } catch (error) {
    handleError(ctx, error);
  } finally {
    if (token === generation) document.getElementById('main-content').removeAttribute('aria-busy');
  }
}

// Links to pages of the app are followed without reloading; others (new tab, download, another
// site, a fragment on this page) are left to the browser.
function onClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href]');
  if (!link || link.target || link.hasAttribute('download') || link.getAttribute('rel') === 'external') return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/auth/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

export function startRouter() {
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => renderCurrent());
  return renderCurrent();
}
