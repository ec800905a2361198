// Starts the app: lets GOV.UK Frontend run, reads the session from the cookie, then shows the page asked for.
import { createAll, ServiceNavigation, SkipLink } from '../govuk/govuk-frontend.min.js';
import { html } from './html.js';
import { navigate, setRoutes, signInUrl, startRouter } from './router.js';
import { routes } from './routes.js';
import { forget, loadSession, signOut } from './session.js';
import { startTimeoutWarning } from './timeout-warning.js';
import { serviceProblemView } from './pages/problems.js';

document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported');
createAll(SkipLink);
createAll(ServiceNavigation);

// Any API answer of 401 means the session has ended (idle for 30 minutes, 12 hours old, or
// signed out elsewhere); the router then sends the user to sign in again.
window.addEventListener('fgcd:signed-out', () => forget());

async function start() {
  try {
    await loadSession();
  } catch (error) {
    const view = serviceProblemView(error);
    document.title = `${view.title} - Family group conferences`;
    document.getElementById('main-content').innerHTML = String(html`${view.body}`);
    return;
  }
  setRoutes(routes);
  startTimeoutWarning({
    async onExpired() {
      const here = window.location.pathname + window.location.search;
      try {
        await signOut();
      } catch {
        // Already ended on the daemon's side.
      }
      await navigate(signInUrl(here, 'expired'), { replace: true });
    },
  });
  await startRouter();
}

start();
