// GOV.UK date input: day, month and year boxes in a fieldset; the API gets YYYY-MM-DD.
import { html } from '../html.js';
import { attr, describedBy, errorMessageHtml, fieldId, formGroupClass, hintHtml, legendHtml } from './field-parts.js';

// value: {day, month, year} as typed. The boxes are named NAME-day, NAME-month and NAME-year.
export function dateInput({ name, legend, hint = 'For example, 27 3 2026', error, value = {}, legendSize = 's', autocompletePrefix }) {
  const id = fieldId(name);
  const parts = [
    ['day', 'Day', 2],
    ['month', 'Month', 2],
    ['year', 'Year', 4],
  ];
  const items = parts.map(([part, text, width]) => html`<div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for="${id}-${part}">${text}</label>
        <input class="govuk-input govuk-date-input__input govuk-input--width-${width}${error ? ' govuk-input--error' : ''}" id="${id}-${part}" name="${name}-${part}" type="text" inputmode="numeric" value="${(value && value[part]) || ''}"${attr('autocomplete', autocompletePrefix ? `${autocompletePrefix}-${part}` : null)}>
      </div>
    </div>`);
  return html`<div class="${formGroupClass(error)}">
  <fieldset class="govuk-fieldset" role="group"${attr('aria-describedby', describedBy(id, { hint, error }))}>
    ${legendHtml(legend, { size: legendSize })}
    ${hintHtml(id, hint)}${errorMessageHtml(id, error)}
    <div class="govuk-date-input" id="${id}">${items}</div>
  </fieldset>
</div>`;
}
