// Shared parts of GOV.UK form fields: ids from field names, labels, hints, error messages, described-by.
import { html } from '../html.js';

// An element id from a field name: "attendees[1].role" becomes "attendees-1-role".
export function fieldId(name) {
  return String(name)
    .replace(/\[(\d+)\]\.?/g, '-$1-')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-+$/, '');
}

export function hintHtml(id, hint) {
  return hint ? html`<div id="${id}-hint" class="govuk-hint">${hint}</div>` : '';
}

export function errorMessageHtml(id, error) {
  return error
    ? html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${error}</p>`
    : '';
}

// The value of aria-describedby for a field with an optional hint and error (null for neither).
export function describedBy(id, { hint, error, extra } = {}) {
  const ids = [];
  if (hint) ids.push(`${id}-hint`);
  if (error) ids.push(`${id}-error`);
  if (extra) ids.push(extra);
  return ids.length ? ids.join(' ') : null;
}

export function formGroupClass(error, extra = '') {
  return `govuk-form-group${error ? ' govuk-form-group--error' : ''}${extra ? ` ${extra}` : ''}`;
}

// An optional attribute: name="value", or nothing when the value is null or false.
export function attr(name, value) {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return html` ${name}`;
  return html` ${name}="${value}"`;
}

// A legend or label: a page heading when isPageHeading (then the text is also the h1).
export function legendHtml(text, { isPageHeading = false, size = 'm' } = {}) {
  if (isPageHeading) {
    return html`<legend class="govuk-fieldset__legend govuk-fieldset__legend--l"><h1 class="govuk-fieldset__heading">${text}</h1></legend>`;
  }
  return html`<legend class="govuk-fieldset__legend govuk-fieldset__legend--${size}">${text}</legend>`;
}
