// GOV.UK textarea, and the character count around it when there is a maximum length.
import { html } from '../html.js';
import { attr, describedBy, errorMessageHtml, fieldId, formGroupClass, hintHtml } from './field-parts.js';

export function textarea({ name, label, hint, error, value = '', rows = 5, maxlength, labelClass = '' }) {
  const id = fieldId(name);
  const counted = Boolean(maxlength);
  const classes = `govuk-textarea${counted ? ' govuk-js-character-count' : ''}${error ? ' govuk-textarea--error' : ''}`;
  const described = describedBy(id, { hint, error, extra: counted ? `${id}-info` : null });
  const field = html`<label class="govuk-label${labelClass ? ` ${labelClass}` : ''}" for="${id}">${label}</label>
  ${hintHtml(id, hint)}${errorMessageHtml(id, error)}
  <textarea class="${classes}" id="${id}" name="${name}" rows="${rows}"${attr('aria-describedby', described)}>${value ?? ''}</textarea>`;
  if (!counted) return html`<div class="${formGroupClass(error)}">${field}</div>`;
  return html`<div class="${formGroupClass(error, 'govuk-character-count')}" data-module="govuk-character-count" data-maxlength="${maxlength}">
  ${field}
  <div id="${id}-info" class="govuk-hint govuk-character-count__message">You can enter up to ${maxlength} characters</div>
</div>`;
}
