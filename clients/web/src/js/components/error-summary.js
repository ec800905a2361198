// GOV.UK error summary: "There is a problem" and a link to each field that needs correcting.
import { html } from '../html.js';

// items: [{text, href}] (href may be missing for a problem that is not about one field).
export function errorSummary(items, { title = 'There is a problem', description } = {}) {
  if (!items || items.length === 0) return '';
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary">
  <div role="alert">
    <h2 class="govuk-error-summary__title">${title}</h2>
    <div class="govuk-error-summary__body">
      ${description ? html`<p class="govuk-body">${description}</p>` : ''}
      <ul class="govuk-list govuk-error-summary__list">
        ${items.map((item) => html`<li>${item.href ? html`<a href="${item.href}">${item.text}</a>` : item.text}</li>`)}
      </ul>
    </div>
  </div>
</div>`;
}
