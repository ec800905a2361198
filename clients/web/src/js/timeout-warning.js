// Warns before a session ends for want of activity (WCAG 2.2.1), and lets the user stay signed in.
import { get } from './api.js';
import { html } from './html.js';
import { user } from './session.js';

// The daemon ends a session after 30 minutes without a request, and notes activity at most
// once a minute; so warn 3 minutes before our own count says it ends, and stop at 29.
const IDLE_MINUTES = 30;
const WARN_AFTER_MS = (IDLE_MINUTES - 3) * 60000;
const EXPIRED_AFTER_MS = (IDLE_MINUTES - 1) * 60000;
const CHECK_EVERY_MS = 10000;

let lastActivity = Date.now();
let dialog = null;
let returnFocusTo = null;

function close() {
  if (!dialog) return;
  dialog.close();
  dialog.remove();
  dialog = null;
  if (returnFocusTo && document.contains(returnFocusTo)) returnFocusTo.focus();
  returnFocusTo = null;
}

function open() {
  returnFocusTo = document.activeElement;
  dialog = document.createElement('dialog');
  dialog.className = 'app-timeout-dialog';
  dialog.setAttribute('aria-labelledby', 'app-timeout-title');
  dialog.setAttribute('aria-describedby', 'app-timeout-text');
  dialog.innerHTML = String(html`<h2 class="govuk-heading-m" id="app-timeout-title">You are about to be signed out</h2>
<p class="govuk-body" id="app-timeout-text">For your security, we will sign you out in 2 minutes because you have not done anything for a while. Anything you have not saved will be lost.</p>
<div class="govuk-button-group">
  <button type="button" class="govuk-button" data-module="govuk-button" data-action="stay">Stay signed in</button>
  <a class="govuk-link" href="/sign-out">Sign out</a>
</div>`);
  document.body.append(dialog);
  dialog.querySelector('[data-action="stay"]').addEventListener('click', async () => {
    try {
      await get('/auth/session'); // any answer from the daemon counts as activity
    } catch {
      // A 401 here means the session has already ended; the router then asks to sign in.
    }
    close();
  });
  // Escape closes the dialog like "Stay signed in" would, without keeping the session alive
  // by itself; the next request does that.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    dialog.querySelector('[data-action="stay"]').click();
  });
  dialog.addEventListener('click', (event) => {
    if (event.target.closest('a[href="/sign-out"]')) close();
  });
  dialog.showModal();
}

// onExpired: called once the session has certainly ended (the app then shows the sign-in page).
export function startTimeoutWarning({ onExpired }) {
  window.addEventListener('fgcd:activity', () => {
    lastActivity = Date.now();
  });
  setInterval(() => {
    if (!user()) {
      close();
      return;
    }
    const idle = Date.now() - lastActivity;
    if (idle >= EXPIRED_AFTER_MS) {
      close();
      lastActivity = Date.now();
      onExpired();
    } else if (idle >= WARN_AFTER_MS && !dialog) {
      open();
    }
  }, CHECK_EVERY_MS);
}
