// GOV.UK buttons: a submit button, a link that looks like a button, and a group of them.
import { html } from '../html.js';

export function submitButton(text, { secondary = false, warning = false, name, value } = {}) {
  const classes = `govuk-button${secondary ? ' govuk-button--secondary' : ''}${warning ? ' govuk-button--warning' : ''}`;
  const nameAttrs = name ? html` name="${name}" value="${value ?? ''}"` : '';
  return html`<button type="submit" class="${classes}" data-module="govuk-button" data-prevent-double-click="true"${nameAttrs}>${text}</button>`;
}

export function plainButton(text, { secondary = true, id, dataAction } = {}) {
  const classes = `govuk-button${secondary ? ' govuk-button--secondary' : ''}`;
  return html`<button type="button" class="${classes}" data-module="govuk-button"${id ? html` id="${id}"` : ''}${dataAction ? html` data-action="${dataAction}"` : ''}>${text}</button>`;
}

export function buttonLink(text, href, { secondary = false, warning = false } = {}) {
  const classes = `govuk-button${secondary ? ' govuk-button--secondary' : ''}${warning ? ' govuk-button--warning' : ''}`;
  return html`<a href="${href}" role="button" draggable="false" class="${classes}" data-module="govuk-button">${text}</a>`;
}

export function buttonGroup(...buttons) {
  return html`<div class="govuk-button-group">${buttons}</div>`;
}
