// GOV.UK back link, shown above the page's main content.
import { html } from '../html.js';

export function backLink(href, text = 'Back') {
  return html`<a href="${href}" class="govuk-back-link">${text}</a>`;
}
