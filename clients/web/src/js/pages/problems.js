// Pages shown instead of the one asked for: no access, not found, and a fault in the service.
import { html } from '../html.js';
import { ROLES, label } from '../codes.js';

export function forbiddenView(user, error) {
  const role = user ? label(ROLES, user.role).toLowerCase() : null;
  return {
    title: 'You do not have access',
    body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <h1 class="govuk-heading-l">You do not have access</h1>
  <p class="govuk-body">${role ? `Your account (${role}) does not allow you to see this page or make this change.` : 'Your account does not allow you to see this page.'}</p>
  ${error && error.problem && error.problem.detail ? html`<p class="govuk-body">${error.problem.detail}</p>` : ''}
  <p class="govuk-body">If you think you should have access, contact your manager or the system administrator.</p>
  <p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p>
</div></div>`,
  };
}

export function notFoundView(error) {
  const isRecord = Boolean(error);
  return {
    title: isRecord ? 'Record not found' : 'Page not found',
    body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <h1 class="govuk-heading-l">${isRecord ? 'Record not found' : 'Page not found'}</h1>
  ${isRecord
    ? html`<p class="govuk-body">There is no such record, or your account does not allow you to see it.</p>`
    : html`<p class="govuk-body">If you typed the web address, check it is correct.</p>
  <p class="govuk-body">If you pasted the web address, check you copied the entire address.</p>`}
  <p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p>
</div></div>`,
  };
}

export function serviceProblemView(error) {
  const reference = error && error.requestId ? error.requestId : null;
  return {
    title: 'Sorry, there is a problem with the service',
    body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>
  <p class="govuk-body">Try again later.</p>
  ${reference ? html`<p class="govuk-body">If it keeps happening, tell the system administrator and quote this reference: <strong>${reference}</strong>.</p>` : ''}
  <p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p>
</div></div>`,
  };
}
