// GOV.UK password input with its show or hide button (GOV.UK Frontend's PasswordInput).
import { html } from '../html.js';
import { attr, describedBy, errorMessageHtml, fieldId, formGroupClass, hintHtml } from './field-parts.js';

export function passwordInput({ name, label, hint, error, autocomplete = 'current-password' }) {
  const id = fieldId(name);
  return html`<div class="${formGroupClass(error, 'govuk-password-input')}" data-module="govuk-password-input">
  <label class="govuk-label" for="${id}">${label}</label>
  ${hintHtml(id, hint)}${errorMessageHtml(id, error)}
  <div class="govuk-input__wrapper govuk-password-input__wrapper">
    <input class="govuk-input govuk-password-input__input govuk-js-password-input-input${error ? ' govuk-input--error' : ''}" id="${id}" name="${name}" type="password" spellcheck="false" autocapitalize="none"${attr('autocomplete', autocomplete)}${attr('aria-describedby', describedBy(id, { hint, error }))}>
    <button type="button" class="govuk-button govuk-button--secondary govuk-password-input__toggle govuk-js-password-input-toggle" data-module="govuk-button" aria-controls="${id}" aria-label="Show password" hidden>Show</button>
  </div>
</div>`;
}
