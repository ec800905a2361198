// GOV.UK notification banner: "Success" after a change, or "Important" for something to know.
import { html } from '../html.js';

export function notificationBanner({ heading, text, success = false }) {
  const title = success ? 'Success' : 'Important';
  // A success banner is announced and focused (role alert); an important one is a region.
  return html`<div class="govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}" role="${success ? 'alert' : 'region'}" aria-labelledby="govuk-notification-banner-title" data-module="govuk-notification-banner">
  <div class="govuk-notification-banner__header">
    <h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">${title}</h2>
  </div>
  <div class="govuk-notification-banner__content">
    <p class="govuk-notification-banner__heading">${heading}</p>
    ${text ? html`<p class="govuk-body">${text}</p>` : ''}
  </div>
</div>`;
}
