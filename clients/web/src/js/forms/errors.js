// Maps an API problem (RFC 9457 with errors[]) onto a form: a message per input and the error summary.
import { fieldId } from '../components/field-parts.js';
import { anchorName, inputsOf } from './fields.js';
import { fieldMessage } from './messages.js';

const ROW_FIELD = /^([A-Za-z_]+)\[(\d+)\]\.([A-Za-z_]+)$/;

// fields: the form's descriptors; raw: what was typed (for the number of rows of each repeat);
// indexMap: from toBody. Returns {errors: {inputName: message}, summary: [{text, href}]}; a
// problem about no field, or about a field the form does not show, is in the summary only.
export function problemToErrors(problem, fields, raw, indexMap = {}) {
  const inputs = inputsOf(fields, (repeat) => (raw[repeat.name] || []).length);
  const byName = new Map(inputs.map((input, position) => [input.name, { ...input, position }]));
  const byApiName = new Map([...byName.values()].filter((i) => !i.repeat && i.field.apiName).map((i) => [i.field.apiName, i]));
  const errors = {};
  const linked = [];
  const unlinked = [];
  const list = Array.isArray(problem && problem.errors) ? problem.errors : [];

  for (const item of list) {
    let name = String(item.field || '');
    const rowMatch = ROW_FIELD.exec(name);
    if (rowMatch) {
      // attendees[1] in the request is the row the second sent item came from.
      const sent = Number(rowMatch[2]);
      const rows = indexMap[rowMatch[1]];
      const row = rows && rows[sent] !== undefined ? rows[sent] : sent;
      name = `${rowMatch[1]}[${row}].${rowMatch[3]}`;
    }
    const input = byName.get(name) || byApiName.get(name);
    if (!input) {
      unlinked.push({ text: item.field ? `${item.message} (${item.field})` : item.message });
      continue;
    }
    const message = fieldMessage(item.message, input.field, input.repeat, input.row);
    if (errors[input.name]) continue; // one message per field: the first is the one to fix first
    errors[input.name] = message;
    linked.push({ text: message, href: `#${fieldId(anchorName(input.field, input.name))}`, position: input.position });
  }
  // In the order of the form, as the GOV.UK pattern asks; problems about no field come last.
  linked.sort((a, b) => a.position - b.position);
  const summary = [...linked.map(({ text, href }) => ({ text, href })), ...unlinked];
  if (summary.length === 0 && problem && (problem.detail || problem.title)) {
    summary.push({ text: problem.detail || problem.title });
  }
  return { errors, summary };
}
