// GOV.UK checkboxes in a fieldset with a legend.
import { html } from '../html.js';
import { attr, describedBy, errorMessageHtml, fieldId, formGroupClass, hintHtml, legendHtml } from './field-parts.js';

// values: the values ticked; options: [{value, text, hint}]
export function checkboxes({ name, legend, hint, error, values = [], options, legendSize = 'm' }) {
  const id = fieldId(name);
  const ticked = new Set((values || []).map(String));
  const items = options.map((option, i) => {
    const itemId = i === 0 ? id : `${id}-${i + 1}`;
    return html`<div class="govuk-checkboxes__item">
      <input class="govuk-checkboxes__input" id="${itemId}" name="${name}" type="checkbox" value="${option.value}"${attr('checked', ticked.has(String(option.value)))}${attr('aria-describedby', option.hint ? `${itemId}-item-hint` : null)}>
      <label class="govuk-label govuk-checkboxes__label" for="${itemId}">${option.text}</label>
      ${option.hint ? html`<div id="${itemId}-item-hint" class="govuk-hint govuk-checkboxes__hint">${option.hint}</div>` : ''}
    </div>`;
  });
  return html`<div class="${formGroupClass(error)}">
  <fieldset class="govuk-fieldset"${attr('aria-describedby', describedBy(id, { hint, error }))}>
    ${legendHtml(legend, { size: legendSize })}
    ${hintHtml(id, hint)}${errorMessageHtml(id, error)}
    <div class="govuk-checkboxes" data-module="govuk-checkboxes">${items}</div>
  </fieldset>
</div>`;
}
