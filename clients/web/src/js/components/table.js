// GOV.UK table with a caption and column headers; the first cell of each row may be a row header.
import { html } from '../html.js';

// columns: [{text, numeric}]; rows: arrays of cells (text or html).
export function table({ caption, captionSize = 'm', columns, rows, firstCellIsHeader = false }) {
  const cellClass = (column) => `govuk-table__cell${column && column.numeric ? ' govuk-table__cell--numeric' : ''}`;
  return html`<table class="govuk-table">
  ${caption ? html`<caption class="govuk-table__caption govuk-table__caption--${captionSize}">${caption}</caption>` : ''}
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">
      ${columns.map((c) => html`<th scope="col" class="govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}">${c.text}</th>`)}
    </tr>
  </thead>
  <tbody class="govuk-table__body">
    ${rows.map((cells) => html`<tr class="govuk-table__row">
      ${cells.map((cell, i) => (i === 0 && firstCellIsHeader
        ? html`<th scope="row" class="govuk-table__header">${cell}</th>`
        : html`<td class="${cellClass(columns[i])}">${cell}</td>`))}
    </tr>`)}
  </tbody>
</table>`;
}
