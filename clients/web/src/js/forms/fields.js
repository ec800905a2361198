// Walks a form's field descriptors: every input a form holds, with the names used in the page.
//
// A descriptor is {type, name, label, ...}. Types: text, integer, textarea, select, radios,
// yesno, checkboxes, date, repeat (rows of sub-fields, named NAME[i].SUB) and html (static
// content). Radios options may carry `conditional`: fields shown when that option is chosen.

export const CHOICE_TYPES = new Set(['select', 'radios', 'yesno', 'checkboxes']);

// The field descriptors of the fields shown only when an option is chosen.
export function conditionalFields(field) {
  if (field.type !== 'radios') return [];
  return field.options.flatMap((option) => option.conditional || []);
}

// The name an input has in row `row` of a repeat.
export function rowName(repeat, row, sub) {
  return `${repeat.name}[${row}].${sub.name}`;
}

// Every input field of a form as {field, name, row, repeat}, given the rows each repeat shows.
export function inputsOf(fields, rowsOf = () => 0) {
  const out = [];
  const visit = (list, repeat = null, row = null) => {
    for (const field of list) {
      if (field.type === 'html') continue;
      if (field.type === 'repeat') {
        const rows = rowsOf(field);
        for (let r = 0; r < rows; r++) visit(field.fields, field, r);
        continue;
      }
      const name = repeat ? rowName(repeat, row, field) : field.name;
      out.push({ field, name, row, repeat });
      visit(conditionalFields(field), repeat, row);
    }
  };
  visit(fields);
  return out;
}

// The element id an error summary links to for an input: the first box of a date, the first
// radio or checkbox (which carries the field's id), or the input itself.
export function anchorName(field, name) {
  return field.type === 'date' ? `${name}-day` : name;
}
