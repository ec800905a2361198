// Reads what the user typed into a form, as raw values that can be shown again unchanged.
import { conditionalFields, rowName } from './fields.js';

function readField(data, field, name) {
  switch (field.type) {
    case 'date':
      return {
        day: data.get(`${name}-day`) || '',
        month: data.get(`${name}-month`) || '',
        year: data.get(`${name}-year`) || '',
      };
    case 'checkboxes':
      return data.getAll(name).map(String);
    default: {
      const value = data.get(name);
      return value === null ? '' : String(value);
    }
  }
}

function readList(data, fields, out, nameOf, form) {
  for (const field of fields) {
    if (field.type === 'html') continue;
    if (field.type === 'repeat') {
      const rows = form.querySelectorAll(`[data-repeat-row="${field.name}"]`).length;
      out[field.name] = [];
      for (let r = 0; r < rows; r++) {
        const row = {};
        readList(data, field.fields, row, (sub) => rowName(field, r, sub), form);
        out[field.name].push(row);
      }
      continue;
    }
    out[field.name] = readField(data, field, nameOf(field));
    readList(data, conditionalFields(field), out, nameOf, form);
  }
}

// {name: value}: text as typed, dates as {day, month, year}, checkboxes as arrays, repeats as
// arrays of row objects.
export function readForm(form, fields) {
  const data = new FormData(form);
  const out = {};
  readList(data, fields, out, (field) => field.name, form);
  return out;
}
