// Turns the API's messages about a field into GOV.UK-style error messages that name the field.
import { CHOICE_TYPES } from './fields.js';

const lowerFirst = (text) => text.charAt(0).toLowerCase() + text.slice(1);
const upperFirst = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// What the field is called inside a sentence: "the referral date", "the role of attendee 2".
export function fieldNoun(field, repeat = null, row = null) {
  const base = field.errorName || `the ${lowerFirst(field.label || field.name)}`;
  if (!repeat) return base;
  return `${base} of ${lowerFirst(repeat.itemLabel || 'item')} ${row + 1}`;
}

// The API checks shape with short phrases ("Is required", "Must be a whole number") and data
// with full sentences ("Enter the reason for the referral."). A phrase gets the field's name in
// front of it; a sentence is kept as it is. GOV.UK error messages have no full stop.
export function fieldMessage(message, field, repeat = null, row = null) {
  const text = String(message || '').trim().replace(/\.$/, '');
  const noun = fieldNoun(field, repeat, row);
  if (/^is required$/i.test(text) || /^must not be (blank|null)$/i.test(text)) {
    return `${CHOICE_TYPES.has(field.type) ? 'Select' : 'Enter'} ${noun}`;
  }
  if (field.type === 'date' && /^must be a real date/i.test(text)) {
    return `${upperFirst(noun)} must be a real date, for example 27 3 2026`;
  }
  if (field.formatMessage && /^must be a code in the form/i.test(text)) {
    return `${upperFirst(noun)} ${field.formatMessage}`;
  }
  if (/^(must|is|has) /i.test(text)) {
    return `${upperFirst(noun)} ${lowerFirst(text)}`;
  }
  return upperFirst(text);
}
