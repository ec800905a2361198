// Sign-in page: username and password, then on to the page the user asked for.
import { ApiError } from '../api.js';
import { html } from '../html.js';
import { errorSummary } from '../components/error-summary.js';
import { input } from '../components/input.js';
import { passwordInput } from '../components/password-input.js';
import { notificationBanner } from '../components/notification-banner.js';
import { submitButton } from '../components/button.js';
import { homeFor } from '../roles.js';
import { safeReturnPath } from '../router.js';
import { signIn } from '../session.js';

function lockedMessage(seconds) {
  if (!seconds) return 'You have tried to sign in too many times. Wait a few minutes, then try again.';
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `You have tried to sign in too many times. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, then try again.`;
}

export async function signInPage(ctx) {
  const returnTo = safeReturnPath(ctx.query.get('return'));
  if (ctx.user) {
    await ctx.navigate(returnTo || homeFor(ctx.user), { replace: true });
    return;
  }
  const expired = ctx.query.get('reason') === 'expired';
  let sending = false;

  function draw({ username = '', errors = {}, summary = [] } = {}) {
    const failed = summary.length > 0;
    ctx.show({
      title: 'Sign in',
      error: failed,
      focus: failed ? 'none' : 'heading',
      body: html`${errorSummary(summary)}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  ${expired && !failed ? notificationBanner({ heading: 'You have been signed out', text: 'For your security, you are signed out after 30 minutes without activity and after 12 hours. Sign in again to carry on.' }) : ''}
  <h1 class="govuk-heading-l">Sign in</h1>
  <p class="govuk-body">Sign in with the username and password your service gave you.</p>
  <form method="post" novalidate class="app-sign-in">
    ${input({ name: 'username', label: 'Username', value: username, error: errors.username, autocomplete: 'username', spellcheck: false, width: 20 })}
    ${passwordInput({ name: 'password', label: 'Password', error: errors.password })}
    ${submitButton('Sign in')}
  </form>
</div></div>`,
      init(root) {
        root.querySelector('form.app-sign-in').addEventListener('submit', onSubmit);
      },
    });
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (sending) return;
    const data = new FormData(event.currentTarget);
    const username = String(data.get('username') || '').trim();
    const password = String(data.get('password') || '');
    const errors = {};
    const summary = [];
    if (!username) {
      errors.username = 'Enter your username';
      summary.push({ text: errors.username, href: '#username' });
    }
    if (!password) {
      errors.password = 'Enter your password';
      summary.push({ text: errors.password, href: '#password' });
    }
    if (summary.length) {
      draw({ username, errors, summary });
      return;
    }
    sending = true;
    try {
      const user = await signIn(username, password);
      sending = false;
      await ctx.navigate(returnTo || homeFor(user), { replace: true });
    } catch (error) {
      sending = false;
      // The password is never shown again; the username is kept.
      if (error instanceof ApiError && error.status === 401) {
        const message = 'Enter a correct username and password';
        draw({ username, errors: { password: message }, summary: [{ text: message, href: '#password' }] });
      } else if (error instanceof ApiError && error.status === 429) {
        draw({ username, summary: [{ text: lockedMessage(error.retryAfter) }] });
      } else if (error instanceof ApiError && error.status === 422) {
        const message = (error.problem.errors && error.problem.errors[0] && error.problem.errors[0].message) || error.problem.detail;
        draw({ username, summary: [{ text: message }] });
      } else {
        draw({ username, summary: [{ text: 'Sorry, you cannot sign in at the moment because of a problem with the service. Try again later.' }] });
      }
    }
  }

  draw();
}
