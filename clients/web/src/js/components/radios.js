// GOV.UK radios in a fieldset with a legend; an option may reveal more fields when chosen.
import { html } from '../html.js';
import { attr, describedBy, errorMessageHtml, fieldId, formGroupClass, hintHtml, legendHtml } from './field-parts.js';

// options: [{value, text, hint, conditional (html shown when this option is chosen)}]
export function radios({ name, legend, hint, error, value = '', options, inline = false, small = false, isPageHeading = false, legendSize = 'm' }) {
  const id = fieldId(name);
  const current = value === null || value === undefined ? '' : String(value);
  const items = options.map((option, i) => {
    const itemId = i === 0 ? id : `${id}-${i + 1}`;
    const conditionalId = `conditional-${itemId}`;
    const itemHint = option.hint ? html`<div id="${itemId}-item-hint" class="govuk-hint govuk-radios__hint">${option.hint}</div>` : '';
    const checked = String(option.value) === current;
    return html`<div class="govuk-radios__item">
      <input class="govuk-radios__input" id="${itemId}" name="${name}" type="radio" value="${option.value}"${attr('checked', checked)}${attr('data-aria-controls', option.conditional ? conditionalId : null)}${attr('aria-describedby', option.hint ? `${itemId}-item-hint` : null)}>
      <label class="govuk-label govuk-radios__label" for="${itemId}">${option.text}</label>
      ${itemHint}
    </div>
    ${option.conditional ? html`<div class="govuk-radios__conditional${checked ? '' : ' govuk-radios__conditional--hidden'}" id="${conditionalId}">${option.conditional}</div>` : ''}`;
  });
  const classes = `govuk-radios${inline ? ' govuk-radios--inline' : ''}${small ? ' govuk-radios--small' : ''}`;
  return html`<div class="${formGroupClass(error)}">
  <fieldset class="govuk-fieldset"${attr('aria-describedby', describedBy(id, { hint, error }))}>
    ${legendHtml(legend, { isPageHeading, size: legendSize })}
    ${hintHtml(id, hint)}${errorMessageHtml(id, error)}
    <div class="${classes}" data-module="govuk-radios">${items}</div>
  </fieldset>
</div>`;
}
