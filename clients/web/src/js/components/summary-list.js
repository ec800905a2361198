// GOV.UK summary list: a key and value on each row, with an optional action link.
import { html } from '../html.js';

// rows: [{key, value (text or html; empty shows "Not recorded"), action: {href, text, hidden}}]
export function summaryList(rows, { noBorder = false } = {}) {
  const shown = rows.filter(Boolean);
  const anyActions = shown.some((row) => row.action);
  return html`<dl class="govuk-summary-list${noBorder ? ' govuk-summary-list--no-border' : ''}">
  ${shown.map((row) => {
    const empty = row.value === null || row.value === undefined || row.value === '';
    const action = row.action
      ? html`<dd class="govuk-summary-list__actions"><a class="govuk-link" href="${row.action.href}">${row.action.text}<span class="govuk-visually-hidden"> ${row.action.hidden || row.key.toLowerCase()}</span></a></dd>`
      : '';
    const rowClass = anyActions && !row.action ? ' govuk-summary-list__row--no-actions' : '';
    return html`<div class="govuk-summary-list__row${rowClass}">
    <dt class="govuk-summary-list__key">${row.key}</dt>
    <dd class="govuk-summary-list__value">${empty ? html`<span class="app-not-recorded">Not recorded</span>` : row.value}</dd>
    ${action}
  </div>`;
  })}
</dl>`;
}
