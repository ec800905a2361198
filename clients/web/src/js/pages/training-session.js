// A training session: its details, places taken and its bookings; trainers and administrators take the register here.
import { get, getAll, patch } from '../api.js';
import { html } from '../html.js';
import { BOOKING_STATUSES, TRAINING_SECTORS, label } from '../codes.js';
import { buttonGroup, buttonLink, submitButton } from '../components/button.js';
import { errorSummary } from '../components/error-summary.js';
import { fieldId } from '../components/field-parts.js';
import { notificationBanner } from '../components/notification-banner.js';
import { radios } from '../components/radios.js';
import { select } from '../components/select.js';
import { summaryList } from '../components/summary-list.js';
import { table } from '../components/table.js';
import { bookingStatusTag } from '../components/training-tags.js';
import { todayIso } from '../dates.js';
import { formatDate } from '../format.js';
import { can } from '../roles.js';
import {
  describeChange, feedbackName, formatNumber, isFull, placesText, registerChanges, sessionWhere, statusName, timeRange,
} from '../training.js';

const FEEDBACK_OPTIONS = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: String(n) }));

async function load(id) {
  const [session, bookings] = await Promise.all([
    get(`/api/v1/training/sessions/${id}`).then((r) => r.body),
    getAll(`/api/v1/training/sessions/${id}/bookings`),
  ]);
  bookings.sort((a, b) => a.person.full_name.localeCompare(b.person.full_name, 'en-GB') || a.id - b.id);
  return { session, bookings };
}

export function sessionHeading(session) {
  return `${session.course ? session.course.name : 'Session'}: ${formatDate(session.held_on)}`;
}

function attendanceWords(session) {
  const parts = [];
  if (session.attended) parts.push(`${formatNumber(session.attended)} attended`);
  if (session.did_not_attend) parts.push(`${formatNumber(session.did_not_attend)} did not attend`);
  if (session.booked) parts.push(`${formatNumber(session.booked)} booked, not marked yet`);
  if (session.cancelled) parts.push(`${formatNumber(session.cancelled)} cancelled`);
  return parts.join(', ');
}

function personDetails(person) {
  return [person.organisation, label(TRAINING_SECTORS, person.sector), person.work_email].filter(Boolean).join(' · ');
}

function savedWords(booking) {
  return `${label(BOOKING_STATUSES, booking.status)}${booking.feedback_score ? `, feedback ${booking.feedback_score} out of 5` : ''}`;
}

function warningText(text) {
  return html`<div class="govuk-warning-text">
  <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
  <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> ${text}</strong>
</div>`;
}

// The bookings as a table, for those who read but do not take the register.
function bookingsTable(bookings) {
  return table({
    caption: 'People booked on this session',
    captionSize: 's',
    columns: [{ text: 'Name' }, { text: 'Organisation' }, { text: 'Sector' }, { text: 'Status' }, { text: 'Feedback', numeric: true }],
    rows: bookings.map((b) => [
      b.person.full_name,
      b.person.organisation || '',
      label(TRAINING_SECTORS, b.person.sector),
      bookingStatusTag(b.status),
      b.feedback_score ? `${b.feedback_score} out of 5` : '',
    ]),
  });
}

// One row of the register: attendance, feedback, and a button to save this row alone.
function registerRow(booking, { past, values, errors }) {
  const name = booking.person.full_name;
  const options = past
    ? [['attended', 'Attended'], ['did_not_attend', 'Did not attend'], ['cancelled', 'Cancelled'], ['booked', 'Booked']]
    : [['booked', 'Booked'], ['cancelled', 'Cancelled']];
  return html`<div class="app-register__row" data-booking="${booking.id}">
  <h3 class="govuk-heading-s app-register__name">${name}</h3>
  <p class="govuk-body-s app-register__details">${personDetails(booking.person)}<br>Saved as: ${savedWords(booking)}</p>
  ${radios({
    name: statusName(booking),
    legend: html`Attendance<span class="govuk-visually-hidden"> of ${name}</span>`,
    legendSize: 's',
    value: values[statusName(booking)],
    error: errors[statusName(booking)],
    inline: true,
    small: true,
    options: options.map(([value, text]) => ({ value, text })),
  })}
  ${past ? select({
    name: feedbackName(booking),
    label: html`Feedback score<span class="govuk-visually-hidden"> from ${name}</span> (optional)`,
    hint: html`From 1 (poor) to 5 (very good), only for someone who attended`,
    value: values[feedbackName(booking)],
    error: errors[feedbackName(booking)],
    options: FEEDBACK_OPTIONS,
    placeholder: 'No score',
  }) : ''}
  ${submitButton(html`Save<span class="govuk-visually-hidden"> attendance of ${name}</span>`, { secondary: true, name: 'save', value: String(booking.id) })}
</div>`;
}

function startingValues(bookings) {
  const values = {};
  for (const b of bookings) {
    values[statusName(b)] = b.status;
    values[feedbackName(b)] = b.feedback_score ? String(b.feedback_score) : '';
  }
  return values;
}

function readRegister(form, bookings) {
  const data = new FormData(form);
  const values = {};
  for (const b of bookings) {
    values[statusName(b)] = String(data.get(statusName(b)) || '');
    // Absent when the form has no feedback (a session not held yet): the score stays as it is.
    if (data.has(feedbackName(b))) values[feedbackName(b)] = String(data.get(feedbackName(b)));
  }
  return values;
}

// The message for a booking whose change the API refused.
function failureMessage(change, error) {
  const name = change.booking.person.full_name;
  const problem = (error && error.problem) || {};
  if (error && error.status === 412) {
    return { text: `Someone changed ${name}’s booking after you opened this page, so your change has not been saved`, name: statusName(change.booking) };
  }
  if (error && error.status === 422 && Array.isArray(problem.errors) && problem.errors.length) {
    const first = problem.errors[0];
    return { text: `${name}: ${String(first.message).replace(/\.$/, '')}`, name: first.field === 'feedback_score' ? feedbackName(change.booking) : statusName(change.booking) };
  }
  if (error && (error.status === 409 || error.status === 422)) {
    return { text: `${name}: ${String(problem.detail || error.message).replace(/\.$/, '')}`, name: statusName(change.booking) };
  }
  const reference = error && error.requestId ? ` (reference ${error.requestId})` : '';
  return { text: `${name}’s attendance could not be saved because of a problem with the service${reference}. Try again later`, name: statusName(change.booking) };
}

export async function trainingSessionPage(ctx) {
  const id = ctx.params.id;
  let { session, bookings } = await load(id);
  const manages = can(ctx.user, 'manageTraining');
  const past = session.held_on <= todayIso();
  let values = startingValues(bookings);
  let sending = false;

  function draw({ errors = {}, summary = [], summaryDescription, notice } = {}) {
    const full = isFull(session);
    const course = session.course || {};
    ctx.show({
      title: sessionHeading(session),
      error: summary.length > 0,
      back: { href: '/training/sessions', text: 'Back to sessions' },
      focus: summary.length || notice ? 'none' : 'heading',
      body: html`${errorSummary(summary, { description: summaryDescription })}
${notice ? notificationBanner({ heading: notice }) : ''}
<span class="govuk-caption-l">Training session</span>
<h1 class="govuk-heading-l">${sessionHeading(session)}</h1>
${manages && full ? warningText(`The session is full: all ${session.capacity} places are taken. To book someone else, cancel a booking first.`) : ''}
${manages ? buttonGroup(
    full ? '' : buttonLink('Book a place', `/training/sessions/${session.id}/book`),
    buttonLink('Import a register file', `/training/sessions/${session.id}/import`, { secondary: true }),
  ) : ''}
${summaryList([
    { key: 'Course', value: html`<a class="govuk-link" href="/training/courses/${course.id}">${course.name}</a>` },
    { key: 'Date', value: formatDate(session.held_on) },
    { key: 'Time', value: timeRange(session.starts_at, session.ends_at) },
    { key: 'Where', value: sessionWhere(session) },
    { key: 'Trainer', value: session.trainer },
    { key: 'Places', value: placesText(session) },
    { key: 'Attendance', value: attendanceWords(session) },
    { key: 'Notes', value: session.notes },
  ])}
${manages ? html`<h2 class="govuk-heading-m" id="register">Register</h2>` : html`<h2 class="govuk-heading-m">Bookings</h2>`}
${bookings.length === 0 ? html`<p class="govuk-body">No one is booked on this session yet.</p>` : ''}
${bookings.length && !manages ? bookingsTable(bookings) : ''}
${bookings.length && manages ? html`<p class="govuk-body">${past
    ? 'Mark who attended and who did not, with their feedback score if they gave one. Save each person as you go, or save the whole register at the end.'
    : `Attendance can be recorded from ${formatDate(session.held_on)}, the day of the session. Until then you can cancel bookings here.`}</p>
<form method="post" novalidate class="app-register">
  ${bookings.map((b) => registerRow(b, { past, values, errors }))}
  <div class="govuk-button-group">
    ${submitButton('Save register', { name: 'save', value: 'all' })}
  </div>
</form>` : ''}`,
      init(root) {
        const form = root.querySelector('form.app-register');
        if (form) form.addEventListener('submit', onSubmit);
        if (notice && !summary.length) {
          const banner = root.querySelector('.govuk-notification-banner');
          banner.setAttribute('tabindex', '-1');
          banner.focus();
        }
      },
    });
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (sending) return;
    // A row's own button saves that row; Enter in a field (implicit submission, which would pick
    // the first row's button) and the button at the end save the whole register.
    const pressed = event.submitter && event.submitter === document.activeElement ? event.submitter.value : '';
    const which = pressed || 'all';
    values = readRegister(event.currentTarget, bookings);
    const only = which === 'all' ? null : [Number(which)];
    const { changes, errors: local } = registerChanges(bookings, values, only);
    if (local.length) {
      const errors = Object.fromEntries(local.map((e) => [e.name, e.message]));
      draw({ errors, summary: local.map((e) => ({ text: e.message, href: `#${fieldId(e.name)}` })) });
      return;
    }
    if (!changes.length) {
      draw({ notice: only ? 'There was no change to save for this person' : 'There were no changes to save' });
      return;
    }
    sending = true;
    const saved = [];
    const failed = [];
    try {
      for (const change of changes) {
        try {
          await patch(`/api/v1/training/bookings/${change.booking.id}`, change.body, { ifMatch: change.booking.version });
          saved.push(change);
        } catch (error) {
          if (error.status === 401 || error.status === 403 || error.status === 404) throw error;
          failed.push({ change, error });
        }
      }
    } catch (error) {
      sending = false;
      ctx.fail(error);
      return;
    }
    sending = false;
    const savedText = `${saved.map(describeChange).join('. ')}.`;
    if (!failed.length) {
      await ctx.navigate(ctx.path, {
        flash: { heading: saved.length === 1 ? 'Attendance saved' : `Attendance saved for ${saved.length} people`, text: savedText },
      });
      return;
    }
    // Some were refused: show what is saved now, and keep what was typed for the rest. A booking
    // someone else changed keeps the version this page loaded, so it is not overwritten unseen.
    const stale = new Map(failed.filter((f) => f.error.status === 412).map((f) => [f.change.booking.id, f.change.booking]));
    try {
      ({ session, bookings } = await load(id));
    } catch (error) {
      ctx.fail(error);
      return;
    }
    bookings = bookings.map((b) => stale.get(b.id) || b);
    const typed = values;
    values = startingValues(bookings);
    for (const { change } of failed) {
      values[statusName(change.booking)] = typed[statusName(change.booking)];
      values[feedbackName(change.booking)] = typed[feedbackName(change.booking)];
    }
    const messages = failed.map((f) => failureMessage(f.change, f.error));
    const errors = Object.fromEntries(messages.map((m) => [m.name, m.text]));
    const summary = messages.map((m) => ({ text: m.text, href: `#${fieldId(m.name)}` }));
    if (stale.size) summary.push({ text: 'Reload the page to see the latest register', href: ctx.path });
    draw({ errors, summary, summaryDescription: saved.length ? `These changes were saved: ${savedText}` : undefined });
  }

  draw();
}
