// GOV.UK text input, with its label, hint and error message.
import { html } from '../html.js';
import { attr, describedBy, errorMessageHtml, fieldId, formGroupClass, hintHtml } from './field-parts.js';

export function input({ name, label, hint, error, value = '', type = 'text', width, autocomplete, inputmode, spellcheck, labelClass = '' }) {
  const id = fieldId(name);
  const classes = `govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`;
  return html`<div class="${formGroupClass(error)}">
  <label class="govuk-label${labelClass ? ` ${labelClass}` : ''}" for="${id}">${label}</label>
  ${hintHtml(id, hint)}${errorMessageHtml(id, error)}
  <input class="${classes}" id="${id}" name="${name}" type="${type}" value="${value ?? ''}"${attr('aria-describedby', describedBy(id, { hint, error }))}${attr('autocomplete', autocomplete)}${attr('inputmode', inputmode)}${attr('spellcheck', spellcheck)}>
</div>`;
}
