// GOV.UK select, for long lists where radios would not fit.
import { html } from '../html.js';
import { attr, describedBy, errorMessageHtml, fieldId, formGroupClass, hintHtml } from './field-parts.js';

export function select({ name, label, hint, error, value = '', options, placeholder = 'Choose one', labelClass = '' }) {
  const id = fieldId(name);
  const current = value === null || value === undefined ? '' : String(value);
  return html`<div class="${formGroupClass(error)}">
  <label class="govuk-label${labelClass ? ` ${labelClass}` : ''}" for="${id}">${label}</label>
  ${hintHtml(id, hint)}${errorMessageHtml(id, error)}
  <select class="govuk-select${error ? ' govuk-select--error' : ''}" id="${id}" name="${name}"${attr('aria-describedby', describedBy(id, { hint, error }))}>
    <option value=""${attr('selected', current === '')}>${placeholder}</option>
    ${options.map((o) => html`<option value="${o.value}"${attr('selected', String(o.value) === current)}>${o.text}</option>`)}
  </select>
</div>`;
}
