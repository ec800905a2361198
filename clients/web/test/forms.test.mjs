// Unit tests of the form engine: typed values to the API's JSON, and the API's errors back onto fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBody } from '../src/js/forms/body.js';
import { problemToErrors } from '../src/js/forms/errors.js';
import { fieldMessage } from '../src/js/forms/messages.js';
import { inputsOf } from '../src/js/forms/fields.js';

const attendees = {
  type: 'repeat',
  name: 'attendees',
  itemLabel: 'Attendee',
  fields: [
    { type: 'select', name: 'role', label: 'Role', errorName: 'the role' },
    { type: 'text', name: 'name', label: 'Name' },
  ],
};
const fields = [
  { type: 'date', name: 'held_on', label: 'Date of the conference', errorName: 'the date of the conference' },
  { type: 'yesno', name: 'child_attended', label: 'Did the child attend?', errorName: 'whether the child attended' },
  { type: 'integer', name: 'count', label: 'Count' },
  { type: 'checkboxes', name: 'children', label: 'Siblings', numeric: true },
  { type: 'radios', name: 'sex', label: 'Sex', numeric: true, options: [{ value: '1', text: 'Male' }, { value: '2', text: 'Female' }] },
  attendees,
  { type: 'textarea', name: 'notes', label: 'Notes' },
];

describe('toBody', () => {
  it('converts dates, yes or no, numbers and lists, and leaves out what was not given', () => {
    const { body } = toBody(fields, {
      held_on: { day: '3', month: '2', year: '2026' },
      child_attended: 'false',
      count: ' 12 ',
      children: ['4', '5'],
      sex: '2',
      attendees: [{ role: '', name: '' }],
      notes: '  ',
    });
    assert.deepEqual(body, { held_on: '2026-02-03', child_attended: false, count: 12, children: [4, 5], sex: 2 });
  });

  it('sends what is not a number or a date as typed, so that the API names the problem', () => {
    const { body } = toBody(fields, { held_on: { day: '31', month: 'Feb', year: '26' }, count: 'twelve' });
    assert.deepEqual(body, { held_on: '26-Feb-31', count: 'twelve' });
  });

  it('skips empty rows and remembers which row each item came from', () => {
    const { body, indexMap } = toBody(fields, {
      attendees: [{ role: 'parent', name: 'Laura' }, { role: '', name: '' }, { role: '', name: 'Margaret' }],
    });
    assert.deepEqual(body.attendees, [{ role: 'parent', name: 'Laura' }, { name: 'Margaret' }]);
    assert.deepEqual(indexMap.attendees, [0, 2]);
  });

  it('sends the fields a radio option reveals only when that option is chosen', () => {
    const withReveal = [{
      type: 'radios',
      name: 'status',
      label: 'Status',
      options: [{ value: 'done', text: 'Done', conditional: [{ type: 'date', name: 'completed_on', label: 'Date' }] }, { value: 'open', text: 'Open' }],
    }];
    const date = { day: '1', month: '3', year: '2026' };
    assert.deepEqual(toBody(withReveal, { status: 'done', completed_on: date }).body, { status: 'done', completed_on: '2026-03-01' });
    assert.deepEqual(toBody(withReveal, { status: 'open', completed_on: date }).body, { status: 'open' });
  });
});

describe('problemToErrors', () => {
  it('puts each message on its field, in the order of the form, linking to the right input', () => {
    const problem = {
      errors: [
        { field: 'child_attended', message: 'Is required' },
        { field: 'held_on', message: 'Must be today or in the past' },
      ],
    };
    const { errors, summary } = problemToErrors(problem, fields, {});
    assert.deepEqual(errors, {
      held_on: 'The date of the conference must be today or in the past',
      child_attended: 'Select whether the child attended',
    });
    assert.deepEqual(summary, [
      { text: 'The date of the conference must be today or in the past', href: '#held_on-day' },
      { text: 'Select whether the child attended', href: '#child_attended' },
    ]);
  });

  it('maps attendees[1] back to the row the user typed it in', () => {
    const raw = { attendees: [{ role: 'parent' }, {}, { name: 'Margaret' }] };
    const { indexMap } = toBody(fields, raw);
    const { errors, summary } = problemToErrors({ errors: [{ field: 'attendees[1].role', message: 'Is required' }] }, fields, raw, indexMap);
    assert.deepEqual(errors, { 'attendees[2].role': 'Select the role of attendee 3' });
    assert.deepEqual(summary, [{ text: 'Select the role of attendee 3', href: '#attendees-2-role' }]);
  });

  it('keeps problems about no field, or a field the form does not show, for the summary only', () => {
    const problem = {
      detail: 'Correct the fields listed in errors and try again.',
      errors: [{ field: 'colour', message: 'Is not a field of this record' }, { field: 'held_on', message: 'Enter the date.' }],
    };
    const { errors, summary } = problemToErrors(problem, fields, {});
    assert.deepEqual(errors, { held_on: 'Enter the date' });
    assert.deepEqual(summary, [{ text: 'Enter the date', href: '#held_on-day' }, { text: 'Is not a field of this record (colour)' }]);
  });

  it('uses the detail when the problem lists no fields', () => {
    const { errors, summary } = problemToErrors({ detail: 'Say why the referral was closed.' }, fields, {});
    assert.deepEqual(errors, {});
    assert.deepEqual(summary, [{ text: 'Say why the referral was closed.' }]);
  });
});

describe('fieldMessage', () => {
  const date = { type: 'date', name: 'referred_on', label: 'Referral date' };
  it('names the field in the API’s short phrases', () => {
    assert.equal(fieldMessage('Is required', date), 'Enter the referral date');
    assert.equal(fieldMessage('Must be today or in the past', date), 'The referral date must be today or in the past');
    assert.equal(fieldMessage('Must be a real date in the form YYYY-MM-DD, for example 2026-03-31', date), 'The referral date must be a real date, for example 27 3 2026');
    assert.equal(fieldMessage('Must be 100 characters or fewer', { type: 'text', name: 'x', label: 'First name' }), 'The first name must be 100 characters or fewer');
  });
  it('keeps the database’s sentences, without the full stop', () => {
    assert.equal(fieldMessage('Say why the referral was closed.', date), 'Say why the referral was closed');
  });
});

describe('inputsOf', () => {
  it('lists every input with its name, rows included', () => {
    const names = inputsOf(fields, () => 2).map((i) => i.name);
    assert.deepEqual(names, ['held_on', 'child_attended', 'count', 'children', 'sex', 'attendees[0].role', 'attendees[0].name', 'attendees[1].role', 'attendees[1].name', 'notes']);
  });
});
