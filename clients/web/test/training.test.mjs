// Unit tests of the training pages' pure helpers: times, places, register changes, register files, import reports, progress words, the chart and roles.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays, bookingConflict, conflictOnField, count, decimal, describeChange, forecastWords, formatTime, importChangedNothing,
  importSummary, isFull, isRealIsoDate, normaliseTime, percent, placesTaken, placesText, registerChanges, registerFileProblem,
  registerTextProblem, sessionWhere, shortDate, timeRange,
} from '../src/js/training.js';
import { axisTicks, lineChart, linePoints, niceStep } from '../src/js/components/line-chart.js';
import { ApiError } from '../src/js/api.js';
import { can, homeFor, navigationFor } from '../src/js/roles.js';
import { formatDate } from '../src/js/format.js';

describe('times and dates', () => {
  it('writes times the GOV.UK way', () => {
    assert.equal(formatTime('09:00'), '9am');
    assert.equal(formatTime('09:30'), '9:30am');
    assert.equal(formatTime('12:00'), 'midday');
    assert.equal(formatTime('12:30'), '12:30pm');
    assert.equal(formatTime('17:05'), '5:05pm');
    assert.equal(formatTime('00:00'), 'midnight');
    assert.equal(timeRange('09:30', '12:30'), '9:30am to 12:30pm');
  });
  it('tidies times as typed into HH:MM, and leaves anything else for the API to refuse', () => {
    assert.equal(normaliseTime('9:30'), '09:30');
    assert.equal(normaliseTime(' 9.30 '), '09:30');
    assert.equal(normaliseTime('0930'), '09:30');
    assert.equal(normaliseTime('930'), '09:30');
    assert.equal(normaliseTime('9'), '09:00');
    assert.equal(normaliseTime('2pm'), '14:00');
    assert.equal(normaliseTime('12:15am'), '00:15');
    assert.equal(normaliseTime('12:15pm'), '12:15');
    assert.equal(normaliseTime('25:00'), '25:00');
    assert.equal(normaliseTime('9:75'), '9:75');
    assert.equal(normaliseTime('half nine'), 'half nine');
    assert.equal(normaliseTime(''), '');
  });
  it('knows real dates and counts days', () => {
    assert.equal(isRealIsoDate('2026-02-28'), true);
    assert.equal(isRealIsoDate('2026-02-29'), false);
    assert.equal(isRealIsoDate('2028-02-29'), true);
    assert.equal(isRealIsoDate('2026-2-1'), false);
    assert.equal(isRealIsoDate(''), false);
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(shortDate('2025-01-06'), '6 Jan 2025');
  });
});

describe('sessions', () => {
  const session = { capacity: 4, booked: 1, attended: 1, did_not_attend: 1, cancelled: 3, online: false, venue: 'Civic Hall' };
  it('counts places taken: every booking but cancelled ones', () => {
    assert.equal(placesTaken(session), 3);
    assert.equal(isFull(session), false);
    assert.equal(placesText(session), '3 of 4 places taken, 1 left');
    assert.equal(placesText({ ...session, capacity: 3 }), 'All 3 places taken');
    assert.equal(isFull({ ...session, capacity: 3 }), true);
    assert.equal(placesText({ capacity: 1, booked: 0, attended: 0, did_not_attend: 0 }), '0 of 1 place taken, 1 left');
  });
  it('says where a session is held', () => {
    assert.equal(sessionWhere(session), 'Civic Hall');
    assert.equal(sessionWhere({ online: true, venue: null }), 'Online');
    assert.equal(sessionWhere({ online: true, venue: 'Room 3' }), 'Online and at Room 3');
  });
  it('counts with the right noun', () => {
    assert.equal(count(1, 'person', 'people'), '1 person');
    assert.equal(count(1392, 'person', 'people'), '1,392 people');
    assert.equal(count(2, 'row'), '2 rows');
  });
});

describe('the register', () => {
  const ann = { id: 11, status: 'booked', feedback_score: null, version: 1, person: { full_name: 'Ann Lister' } };
  const bob = { id: 12, status: 'attended', feedback_score: 4, version: 3, person: { full_name: 'Bob Hart' } };
  const cat = { id: 13, status: 'booked', feedback_score: null, version: 1, person: { full_name: 'Cat Moss' } };
  const bookings = [ann, bob, cat];

  it('finds what changed, with feedback only for someone who attended', () => {
    const values = {
      'status-11': 'attended', 'feedback-11': '5',
      'status-12': 'attended', 'feedback-12': '4',
      'status-13': 'did_not_attend', 'feedback-13': '',
    };
    const { changes, errors } = registerChanges(bookings, values);
    assert.deepEqual(errors, []);
    assert.deepEqual(changes.map((c) => [c.booking.id, c.body]), [
      [11, { status: 'attended', feedback_score: 5 }],
      [13, { status: 'did_not_attend' }],
    ]);
    assert.equal(describeChange(changes[0]), 'Ann Lister: attended, feedback 5 out of 5');
    assert.equal(describeChange(changes[1]), 'Cat Moss: did not attend');
  });
  it('clears a score, and changes only the rows asked for', () => {
    const values = { 'status-11': 'attended', 'feedback-11': '5', 'status-12': 'attended', 'feedback-12': '', 'status-13': 'booked' };
    assert.deepEqual(registerChanges(bookings, values, [12]).changes.map((c) => c.body), [{ status: 'attended', feedback_score: null }]);
    assert.deepEqual(registerChanges(bookings, values, [13]).changes, []);
  });
  it('refuses a score for someone who did not attend', () => {
    const { changes, errors } = registerChanges(bookings, { 'status-13': 'did_not_attend', 'feedback-13': '3' });
    assert.deepEqual(changes, []);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].name, 'feedback-13');
    assert.match(errors[0].message, /^A feedback score can only be given for someone who attended: remove Cat Moss’s score/);
  });
  it('keeps a status and a score the form does not show', () => {
    assert.deepEqual(registerChanges([bob], {}).changes, []);
    assert.deepEqual(registerChanges([bob], { 'feedback-12': '4' }).changes, []);
    assert.deepEqual(registerChanges([bob], { 'feedback-12': '' }).changes.map((c) => c.body), [{ status: 'attended', feedback_score: null }]);
  });
});

describe('booking conflicts', () => {
  it('explains a full session and someone already booked', () => {
    assert.deepEqual(bookingConflict('The session is full: all 3 places are taken.', 'Ann Lister'), {
      title: 'The session is full',
      text: 'The session is full: all 3 places are taken. Ann Lister has not been booked',
    });
    const already = bookingConflict('Ann Lister is already on this session (booking 5, booked). Change that booking instead.', 'Ann Lister');
    assert.equal(already.title, 'Ann Lister is already booked');
    assert.match(already.text, /^Ann Lister is already booked on this session/);
    assert.deepEqual(bookingConflict('Something else.', 'Ann'), { title: 'There is a problem', text: 'Something else' });
  });
  it('turns a 409 about a field into a 422 on that field', () => {
    const conflict = new ApiError(409, { title: 'Conflict', detail: 'A course with the code DEEP-DIVE already exists.' });
    const moved = conflictOnField(conflict, 'code');
    assert.ok(moved instanceof ApiError);
    assert.equal(moved.status, 422);
    assert.deepEqual(moved.problem.errors, [{ field: 'code', message: 'A course with the code DEEP-DIVE already exists.' }]);
    const other = new ApiError(412, {});
    assert.equal(conflictOnField(other, 'code'), other);
    const network = new TypeError('Failed to fetch');
    assert.equal(conflictOnField(network, 'code'), network);
  });
});

describe('register files', () => {
  it('checks the file before reading it', () => {
    assert.equal(registerFileProblem(undefined), 'Select a CSV file');
    assert.equal(registerFileProblem({ name: 'register.xlsx', size: 10, type: 'application/vnd.ms-excel' }), 'The selected file must be a CSV');
    assert.equal(registerFileProblem({ name: 'register.csv', size: 0, type: 'text/csv' }), 'The selected file is empty');
    assert.equal(registerFileProblem({ name: 'register.CSV', size: 2 * 1024 * 1024, type: '' }), 'The selected file must be smaller than 1 MB');
    assert.equal(registerFileProblem({ name: 'register', size: 10, type: 'text/csv' }), null);
    assert.equal(registerFileProblem({ name: 'register.csv', size: 10, type: '' }), null);
  });
  it('checks the text read as UTF-8', () => {
    assert.equal(registerTextProblem('Name\nAnn\n'), null);
    assert.equal(registerTextProblem(' \n '), 'The selected file is empty');
    assert.match(registerTextProblem('Name\nZo\uFFFD\n'), /not UTF-8/);
  });
  it('sums up an import report, and says when nothing changed', () => {
    const first = { rows: 5, blank_rows: 0, accepted: 4, bookings_created: 1, bookings_updated: 1, unchanged: 2, people_created: 1, people_updated: 0, rejected: [{ line: 6, reason: 'x' }] };
    assert.equal(importChangedNothing(first), false);
    assert.deepEqual(importSummary(first), ['4 rows taken, 1 row not taken.', '1 booking added, 1 booking changed, 2 already recorded, 1 person added to the list of people.']);
    const again = { ...first, bookings_created: 0, bookings_updated: 0, unchanged: 4, people_created: 0 };
    assert.equal(importChangedNothing(again), true);
    assert.deepEqual(importSummary(again), ['4 rows taken, 1 row not taken.', 'Nothing has changed: every row taken was already recorded.']);
    assert.deepEqual(importSummary({ accepted: 0, rejected: [] }), ['0 rows taken.']);
  });
});

describe('progress', () => {
  it('writes figures and the forecast', () => {
    assert.equal(decimal(0.8), '0.8');
    assert.equal(decimal(10.0), '10');
    assert.equal(decimal(1392.45), '1,392.5');
    assert.equal(decimal(null), '');
    assert.equal(percent(30), '30.0%');
    assert.equal(percent(66.66), '66.7%');
    const base = { pace_weeks: 8, reached_on: null };
    assert.equal(forecastWords({ ...base, status: 'on_track', forecast_date: '2026-05-01' }, '2026-06-30', formatDate),
      'At the pace of the last 8 weeks, the target will be reached on 1 May 2026, by the deadline of 30 June 2026');
    assert.equal(forecastWords({ ...base, status: 'off_track', forecast_date: '2026-08-01' }, '2026-06-30', formatDate),
      'At the pace of the last 8 weeks, the target will be reached on 1 August 2026, after the deadline of 30 June 2026');
    assert.match(forecastWords({ ...base, status: 'off_track', forecast_date: null }, '2026-06-30', formatDate), /^No forecast/);
    assert.equal(forecastWords({ ...base, status: 'reached', reached_on: '2025-03-30' }, '2025-03-30', formatDate), 'The target was reached on 30 March 2025');
    assert.equal(forecastWords({ ...base, status: 'missed' }, '2025-03-30', formatDate), 'The deadline, 30 March 2025, has passed without reaching the target');
  });
});

describe('the line chart', () => {
  it('chooses round steps and ticks', () => {
    assert.equal(niceStep(0), 1);
    assert.equal(niceStep(0.3), 1);
    assert.equal(niceStep(2.5), 5);
    assert.equal(niceStep(1125), 2000);
    assert.deepEqual(axisTicks(10), [0, 5, 10]);
    assert.deepEqual(axisTicks(3), [0, 1, 2, 3]);
    assert.deepEqual(axisTicks(0), [0, 1]);
    assert.deepEqual(axisTicks(4500), [0, 2000, 4000, 6000]);
  });
  it('places points and leaves out weeks with no figure', () => {
    const plot = { left: 0, top: 0, width: 100, height: 50, max: 10 };
    assert.equal(linePoints([0, 5, 10], plot), '0,50 50,25 100,0');
    assert.equal(linePoints([0, 5, null], plot), '0,50 50,25');
    assert.equal(linePoints([4], plot), '50,30');
  });
  it('draws an image with a title and a description, two lines told apart by dashes, and escapes words', () => {
    const svg = String(lineChart({
      id: 'c',
      title: 'People <trained>',
      summary: 'See the table',
      labels: ['6 Jan 2025', '13 Jan 2025', '20 Jan 2025'],
      series: [{ name: 'Trained', values: [1, 2, null] }, { name: 'Trajectory', values: [0.8, 1.7, 2.5] }],
    }));
    assert.match(svg, /role="img" aria-labelledby="c-title c-desc"/);
    assert.match(svg, /<title id="c-title">People &lt;trained&gt;<\/title>/);
    assert.equal((svg.match(/<polyline /g) || []).length, 2);
    assert.equal((svg.match(/stroke-dasharray="8 6"/g) || []).length, 2); // the trajectory and its key
    assert.doesNotMatch(svg, /style=/);
  });
});

describe('training roles', () => {
  const nav = (role) => navigationFor({ role }).map((i) => i.text);
  it('shows trainers their pages, managers and analysts progress, social workers nothing of training', () => {
    assert.deepEqual(nav('trainer'), ['Courses', 'Sessions', 'Progress']);
    assert.deepEqual(nav('manager'), ['Dashboard', 'Referrals', 'Children', 'Progress']);
    assert.deepEqual(nav('data_analyst'), ['Referrals', 'Children', 'Progress', 'Dashboard']);
    assert.deepEqual(nav('social_worker'), ['My cases', 'Referrals']);
    assert.deepEqual(nav('fgc_coordinator'), ['Referrals', 'Children', 'Dashboard']);
    assert.ok(['Courses', 'Sessions', 'Progress'].every((item) => nav('admin').includes(item)));
    assert.equal(homeFor({ role: 'trainer' }), '/training/sessions');
  });
  it('lets trainers and administrators change training, and managers only read it', () => {
    assert.equal(can({ role: 'trainer' }, 'manageTraining'), true);
    assert.equal(can({ role: 'admin' }, 'manageTraining'), true);
    assert.equal(can({ role: 'manager' }, 'manageTraining'), false);
    assert.equal(can({ role: 'manager' }, 'readTraining'), true);
    assert.equal(can({ role: 'data_analyst' }, 'readTraining'), false);
    assert.equal(can({ role: 'data_analyst' }, 'readTrainingProgress'), true);
    assert.equal(can({ role: 'social_worker' }, 'readTrainingProgress'), false);
  });
});
