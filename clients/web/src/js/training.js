// Pure helpers of the training pages: times, places, what a register form changed, register files and import reports.
import { ApiError } from './api.js';
import { BOOKING_STATUSES, label } from './codes.js';

const NUMBER = new Intl.NumberFormat('en-GB');

// "1,392" from 1392.
export function formatNumber(n) {
  if (n === null || n === undefined || n === '') return '';
  return NUMBER.format(Number(n));
}

// A count with its noun: "1 person", "3 people", "1 place", "2 places".
export function count(n, singular, plural = `${singular}s`) {
  return `${formatNumber(n)} ${Number(n) === 1 ? singular : plural}`;
}

// A time of day the GOV.UK way from HH:MM: "9am", "9:30am", "midday", "5:15pm", "midnight".
export function formatTime(hhmm) {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm || '');
  if (!match) return hhmm || '';
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes === 0 && hours === 12) return 'midday';
  if (minutes === 0 && hours === 0) return 'midnight';
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour12}${minutes ? `:${match[2]}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

export function timeRange(starts, ends) {
  return `${formatTime(starts)} to ${formatTime(ends)}`;
}

// HH:MM from what someone typed: "9:30", "9.30", "0930", "930", "9" all become "09:30" or
// "09:00". Anything else is returned as typed (trimmed), so that the API says what is wrong.
export function normaliseTime(text) {
  const value = String(text ?? '').trim();
  let match = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(value) || /^(\d{1,2})(\d{2})$/.exec(value);
  if (!match) {
    match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)$/i.exec(value);
    if (!match) return value;
    let hours = Number(match[1]) % 12;
    if (match[3].toLowerCase() === 'pm') hours += 12;
    if (Number(match[1]) > 12) return value;
    return `${String(hours).padStart(2, '0')}:${match[2] || '00'}`;
  }
  const hours = Number(match[1]);
  const minutes = Number(match[2] || '0');
  if (hours > 23 || minutes > 59) return value;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

// True for a real date written YYYY-MM-DD.
export function isRealIsoDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

// YYYY-MM-DD some days after (or before, when negative) a YYYY-MM-DD date.
export function addDays(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// Where a session is held: "Online", the venue, or both.
export function sessionWhere(session) {
  if (session.online && session.venue) return `Online and at ${session.venue}`;
  if (session.online) return 'Online';
  return session.venue || '';
}

// Places taken: every booking that is not cancelled.
export function placesTaken(session) {
  return (session.booked || 0) + (session.attended || 0) + (session.did_not_attend || 0);
}

export function isFull(session) {
  return placesTaken(session) >= session.capacity;
}

// "3 of 4 places taken, 1 left", or "All 4 places taken".
export function placesText(session) {
  const taken = placesTaken(session);
  if (taken >= session.capacity) return `All ${count(session.capacity, 'place')} taken`;
  return `${formatNumber(taken)} of ${count(session.capacity, 'place')} taken, ${formatNumber(session.capacity - taken)} left`;
}

// The names of a register form's inputs for a booking.
export const statusName = (booking) => `status-${booking.id}`;
export const feedbackName = (booking) => `feedback-${booking.id}`;

// What a register form changes. bookings: as loaded; values: {status-ID, feedback-ID} as
// typed (absent when the form does not show them); only: the booking ids to look at (all when absent). Returns {changes: [{booking,
// body, status, feedback}], errors: [{name, message}]}: a feedback score is only for someone
// who attended; a status left as it was with the same score is no change.
export function registerChanges(bookings, values, only = null) {
  const changes = [];
  const errors = [];
  for (const booking of bookings) {
    if (only && !only.includes(booking.id)) continue;
    const status = values[statusName(booking)] || booking.status;
    // A score the form does not show (a session not held yet) stays as it is.
    const shown = values[feedbackName(booking)];
    const typed = shown === undefined || shown === null ? String(booking.feedback_score ?? '') : String(shown).trim();
    const feedback = typed === '' ? null : Number(typed);
    if (feedback !== null && status !== 'attended') {
      errors.push({ name: feedbackName(booking), message: `A feedback score can only be given for someone who attended: remove ${booking.person.full_name}’s score or mark them as attended` });
      continue;
    }
    const before = booking.feedback_score ?? null;
    if (status === booking.status && (status !== 'attended' || feedback === before)) continue;
    const body = { status };
    if (status === 'attended') body.feedback_score = feedback;
    changes.push({ booking, body, status, feedback: status === 'attended' ? feedback : null });
  }
  return { changes, errors };
}

// "Ann Lister: attended, feedback 5 out of 5" for the success banner.
export function describeChange(change) {
  const name = change.booking.person.full_name;
  const status = label(BOOKING_STATUSES, change.status).toLowerCase();
  return `${name}: ${status}${change.feedback ? `, feedback ${change.feedback} out of 5` : ''}`;
}

// The largest register file the daemon takes (its default body limit).
export const MAX_REGISTER_BYTES = 1024 * 1024;

// What is wrong with a chosen file before it is read ({name, size, type}), or null.
export function registerFileProblem(file) {
  if (!file || !file.name) return 'Select a CSV file';
  if (!/\.csv$/i.test(file.name) && !/csv/i.test(file.type || '')) return 'The selected file must be a CSV';
  if (file.size === 0) return 'The selected file is empty';
  if (file.size > MAX_REGISTER_BYTES) return 'The selected file must be smaller than 1 MB';
  return null;
}

// What is wrong with the text read from the file (File.text() reads it as UTF-8 and puts
// U+FFFD where a byte is not UTF-8), or null.
export function registerTextProblem(text) {
  if (!String(text).trim()) return 'The selected file is empty';
  if (String(text).includes('\uFFFD')) return 'The selected file is not UTF-8 text: save it from the spreadsheet as ‘CSV UTF-8’ and select it again';
  return null;
}

// True when importing a register changed nothing (every row it took was already recorded).
export function importChangedNothing(report) {
  return !report.bookings_created && !report.bookings_updated && !report.people_created && !report.people_updated;
}

// The sentences that sum up an import report, for the page and the banner.
export function importSummary(report) {
  const rejected = (report.rejected || []).length;
  const lines = [`${count(report.accepted || 0, 'row')} taken${rejected ? `, ${count(rejected, 'row')} not taken` : ''}.`];
  if (importChangedNothing(report)) {
    if (report.accepted) lines.push('Nothing has changed: every row taken was already recorded.');
  } else {
    const parts = [];
    if (report.bookings_created) parts.push(`${count(report.bookings_created, 'booking')} added`);
    if (report.bookings_updated) parts.push(`${count(report.bookings_updated, 'booking')} changed`);
    if (report.unchanged) parts.push(`${formatNumber(report.unchanged)} already recorded`);
    if (report.people_created) parts.push(`${count(report.people_created, 'person', 'people')} added to the list of people`);
    if (report.people_updated) parts.push(`${count(report.people_updated, 'person’s', 'people’s')} details filled in`);
    lines.push(`${parts.join(', ')}.`.replace(/^./, (c) => c.toUpperCase()));
  }
  return lines;
}

// A 409 from the API about one field of a form (a course code already used, an e-mail
// already recorded), as a 422 problem that the form shows on that field. Other errors as they are.
export function conflictOnField(error, field) {
  if (!(error instanceof ApiError) || error.status !== 409) return error;
  const detail = error.problem.detail || error.message;
  return new ApiError(422, { ...error.problem, errors: [{ field, message: detail }] });
}

// How the booking pages explain a 409 from POST /sessions/{id}/bookings: the session is full,
// or the person is already on it. {title, text} for the error summary.
export function bookingConflict(detail, name) {
  const text = String(detail || '').trim();
  if (/^the session is full/i.test(text)) {
    return { title: 'The session is full', text: `${text.replace(/\.$/, '')}. ${name} has not been booked` };
  }
  if (/already on this session/i.test(text)) {
    return { title: `${name} is already booked`, text: `${name} is already booked on this session. To change their booking, use the register on the session’s page` };
  }
  return { title: 'There is a problem', text: text.replace(/\.$/, '') || `${name} could not be booked` };
}

const SHORT_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

// "6 Jan 2025" from "2025-01-06", for a chart's axis.
export function shortDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!match) return iso || '';
  return SHORT_DATE.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

// A figure with at most one decimal place ("0.8", "10", "1,392.5"); "" for none.
export function decimal(n) {
  if (n === null || n === undefined || n === '') return '';
  return Number(n).toLocaleString('en-GB', { maximumFractionDigits: 1 });
}

// "30.0%" from progress_pct.
export function percent(n) {
  if (n === null || n === undefined || n === '') return '';
  return `${Number(n).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

// The sentence about when a target will be (or was) reached, from GET /training/progress (or one
// of its by_sector / by_cluster targets); deadline: the target's, YYYY-MM-DD.
export function forecastWords(progress, deadline, formatDateFn) {
  switch (progress.status) {
    case 'reached':
      return `The target was reached on ${formatDateFn(progress.reached_on)}`;
    case 'missed':
      return `The deadline, ${formatDateFn(deadline)}, has passed without reaching the target`;
    case 'not_started':
      return 'The target has not started yet';
    case 'no_target':
      return 'There is no target to forecast';
    default: {
      if (!progress.forecast_date) return 'No forecast: no one has been trained in the last 8 weeks, so the target will not be reached at this pace';
      const when = `At the pace of the last ${decimal(progress.pace_weeks)} weeks, the target will be reached on ${formatDateFn(progress.forecast_date)}`;
      return progress.forecast_date > deadline ? `${when}, after the deadline of ${formatDateFn(deadline)}` : `${when}, by the deadline of ${formatDateFn(deadline)}`;
    }
  }
}
