// Draws a form's fields with GOV.UK components, showing what was typed and each field's error.
import { html } from '../html.js';
import { checkboxes } from '../components/checkboxes.js';
import { dateInput } from '../components/date-input.js';
import { input } from '../components/input.js';
import { radios } from '../components/radios.js';
import { select } from '../components/select.js';
import { textarea } from '../components/textarea.js';
import { plainButton } from '../components/button.js';
import { legendHtml } from '../components/field-parts.js';
import { rowName } from './fields.js';

const YES_NO = [
  { value: 'true', text: 'Yes' },
  { value: 'false', text: 'No' },
];

function renderField(field, name, values, errors) {
  const value = values[field.name];
  const error = errors[name];
  const common = { name, hint: field.hint, error };
  switch (field.type) {
    case 'html':
      return field.html;
    case 'text':
      return input({ ...common, label: field.label, value, width: field.width, autocomplete: field.autocomplete, spellcheck: field.spellcheck, labelClass: field.labelClass });
    case 'integer':
      return input({ ...common, label: field.label, value, width: field.width || 4, inputmode: 'numeric', spellcheck: false, labelClass: field.labelClass });
    case 'textarea':
      return textarea({ ...common, label: field.label, value, rows: field.rows, maxlength: field.maxlength, labelClass: field.labelClass });
    case 'select':
      return select({ ...common, label: field.label, value, options: field.options, placeholder: field.placeholder, labelClass: field.labelClass });
    case 'checkboxes':
      return checkboxes({ ...common, legend: field.label, values: value, options: field.options, legendSize: field.legendSize });
    case 'date':
      return dateInput({ ...common, legend: field.label, hint: field.hint ?? undefined, value, legendSize: field.legendSize });
    case 'yesno':
      return radios({ ...common, legend: field.label, value, options: YES_NO, inline: true, legendSize: field.legendSize || 's' });
    case 'radios': {
      const options = field.options.map((option) => (option.conditional
        ? { ...option, conditional: renderList(option.conditional, values, errors, (f) => f.name) }
        : option));
      return radios({ ...common, legend: field.label, value, options, inline: field.inline, small: field.small, legendSize: field.legendSize || 's' });
    }
    default:
      throw new Error(`unknown field type ${field.type}`);
  }
}

function renderRepeat(field, values, errors) {
  const rows = values[field.name] && values[field.name].length ? values[field.name] : [{}];
  return html`<div class="app-repeat" data-repeat="${field.name}">
  ${field.legend ? html`<h2 class="govuk-heading-m">${field.legend}</h2>` : ''}
  ${field.hint ? html`<p class="govuk-hint">${field.hint}</p>` : ''}
  ${rows.map((rowValues, row) => html`<div class="app-repeat__row" data-repeat-row="${field.name}">
    <fieldset class="govuk-fieldset">
      ${legendHtml(`${field.itemLabel} ${row + 1}`, { size: 's' })}
      ${field.fields.map((sub) => renderField(sub, rowName(field, row, sub), rowValues, errors))}
    </fieldset>
  </div>`)}
  ${plainButton(field.addText || 'Add another', { dataAction: `add-row:${field.name}` })}
</div>`;
}

function renderList(fields, values, errors, nameOf) {
  return html`${fields.map((field) => (field.type === 'repeat'
    ? renderRepeat(field, values, errors)
    : renderField(field, nameOf(field), values, errors)))}`;
}

// values: raw values by field name; errors: messages by input name.
export function renderFields(fields, values = {}, errors = {}) {
  return renderList(fields, values, errors, (field) => field.name);
}
