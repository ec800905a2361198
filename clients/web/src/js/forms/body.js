// Turns what was typed into the JSON body the API takes, and remembers which row each item came from.
import { partsToIso } from '../dates.js';

const SKIP = Symbol('skip');

function convert(field, value) {
  switch (field.type) {
    case 'date': {
      const iso = partsToIso(value);
      if (iso === null) return field.nullable ? null : SKIP;
      return iso;
    }
    case 'yesno':
      if (value === 'true') return true;
      if (value === 'false') return false;
      return SKIP;
    case 'integer': {
      const text = String(value ?? '').trim();
      if (!text) return field.nullable ? null : SKIP;
      // Anything but digits goes as typed, so that the API says what is wrong with it.
      return /^\d+$/.test(text) ? Number(text) : text;
    }
    case 'checkboxes': {
      const list = (value || []).map((v) => (field.numeric ? Number(v) : v));
      return list.length || field.sendEmpty ? list : SKIP;
    }
    case 'select':
    case 'radios': {
      if (value === '' || value === undefined || value === null) return field.nullable ? null : SKIP;
      if (field.boolean) return value === 'true';
      return field.numeric ? Number(value) : value;
    }
    default: {
      const text = String(value ?? '').trim();
      if (!text) return field.nullable ? null : SKIP;
      return text;
    }
  }
}

function build(fields, raw, indexMap) {
  const body = {};
  for (const field of fields) {
    if (field.type === 'html' || field.omit) continue;
    if (field.type === 'repeat') {
      const items = [];
      const rows = [];
      (raw[field.name] || []).forEach((rowRaw, row) => {
        const item = build(field.fields, rowRaw, indexMap);
        // A row left completely empty is not sent.
        if (Object.keys(item).length === 0) return;
        items.push(item);
        rows.push(row);
      });
      indexMap[field.name] = rows;
      if (items.length || field.sendEmpty) body[field.name] = items;
      continue;
    }
    const value = convert(field, raw[field.name]);
    if (value !== SKIP) body[field.apiName || field.name] = value;
    // Fields revealed by a radio option count only when that option is chosen.
    if (field.type === 'radios') {
      for (const option of field.options) {
        if (!option.conditional) continue;
        if (String(raw[field.name]) === String(option.value)) {
          Object.assign(body, build(option.conditional, raw, indexMap));
        }
      }
    }
  }
  return body;
}

// {body, indexMap}: indexMap[repeat] lists, for each item sent, the row it came from, so that
// an error about attendees[1] can be shown on the row the user typed it in.
export function toBody(fields, raw) {
  const indexMap = {};
  const body = build(fields, raw, indexMap);
  return { body, indexMap };
}
