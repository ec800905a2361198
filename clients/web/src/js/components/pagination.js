// GOV.UK pagination for cursor-paged lists: "Next page", and back to the first page.
import { html } from '../html.js';

const PREV_ICON = html`<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>`;
const NEXT_ICON = html`<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path></svg>`;

export function pagination({ firstHref, nextHref }) {
  if (!firstHref && !nextHref) return '';
  return html`<nav class="govuk-pagination govuk-pagination--block" aria-label="Pagination">
  ${firstHref ? html`<div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" href="${firstHref}" rel="prev">${PREV_ICON}<span class="govuk-pagination__link-title">First page</span></a></div>` : ''}
  ${nextHref ? html`<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="${nextHref}" rel="next">${NEXT_ICON}<span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span></a></div>` : ''}
</nav>`;
}
