// Training sessions: a list filtered by course and dates, earliest first; trainers and administrators may add one.
import { get, getAll, query } from '../api.js';
import { html } from '../html.js';
import { buttonLink } from '../components/button.js';
import { dateInput } from '../components/date-input.js';
import { errorSummary } from '../components/error-summary.js';
import { select } from '../components/select.js';
import { table } from '../components/table.js';
import { isoToParts, partsToIso, todayIso } from '../dates.js';
import { formatDate } from '../format.js';
import { can } from '../roles.js';
import { addDays, formatNumber, isRealIsoDate, placesText, sessionWhere, timeRange } from '../training.js';

const MAX_SESSIONS = 1000;

// Earliest first: by date, then start time, then when added.
export function sortSessions(sessions) {
  return sessions.sort((a, b) => a.held_on.localeCompare(b.held_on) || a.starts_at.localeCompare(b.starts_at) || a.id - b.id);
}

export function sessionsTable(sessions, { caption, showCourse = true }) {
  return table({
    caption,
    captionSize: 's',
    columns: [{ text: 'Date' }, { text: 'Time' }, ...(showCourse ? [{ text: 'Course' }] : []), { text: 'Where' }, { text: 'Trainer' }, { text: 'Places' }],
    rows: sessions.map((s) => [
      html`<a class="govuk-link app-nowrap" href="/training/sessions/${s.id}">${formatDate(s.held_on)}<span class="govuk-visually-hidden">, ${s.course ? s.course.name : 'session'} at ${s.starts_at}</span></a>`,
      html`<span class="app-nowrap">${timeRange(s.starts_at, s.ends_at)}</span>`,
      ...(showCourse ? [s.course ? s.course.name : ''] : []),
      sessionWhere(s),
      s.trainer || '',
      placesText(s),
    ]),
  });
}

// Up to MAX_SESSIONS sessions matching the filters; `more` when there were more.
async function loadSessions(filters) {
  const items = [];
  let cursor;
  do {
    const { body } = await get(`/api/v1/training/sessions${query({ ...filters, limit: 200, cursor })}`);
    items.push(...body.items);
    cursor = body.next_cursor;
  } while (cursor && items.length < MAX_SESSIONS);
  return { sessions: sortSessions(items.slice(0, MAX_SESSIONS)), more: Boolean(cursor) || items.length > MAX_SESSIONS };
}

// What the filters say, for the table's caption.
function filterWords(course, from, to) {
  const parts = [];
  if (course) parts.push(`of ${course.name}`);
  if (from && to) parts.push(`from ${formatDate(from)} to ${formatDate(to)}`);
  else if (from) parts.push(`from ${formatDate(from)}`);
  else if (to) parts.push(`up to ${formatDate(to)}`);
  return parts.join(' ');
}

export async function trainingSessionsPage(ctx) {
  const courses = await getAll('/api/v1/training/courses');
  const courseId = /^[1-9][0-9]*$/.test(ctx.query.get('course_id') || '') ? ctx.query.get('course_id') : '';
  // With no filters in the address, sessions from four weeks ago onwards.
  const asked = (name) => (isRealIsoDate(ctx.query.get(name)) ? ctx.query.get(name) : '');
  const from = ctx.query.has('from') ? asked('from') : addDays(todayIso(), -28);
  const to = asked('to');
  const course = courses.find((c) => String(c.id) === courseId) || null;
  const filters = { course_id: courseId, from, to: to && from && to < from ? '' : to };
  const { sessions, more } = await loadSessions(filters);
  const manages = can(ctx.user, 'manageTraining');

  function draw({ errors = {}, values = { course_id: courseId, from: isoToParts(from), to: isoToParts(to) } } = {}) {
    const summary = Object.entries(errors).map(([name, text]) => ({ text, href: `#${name}-day` }));
    const words = filterWords(course, filters.from, filters.to);
    ctx.show({
      title: 'Training sessions',
      error: summary.length > 0,
      focus: summary.length ? 'none' : 'heading',
      body: html`${errorSummary(summary)}
<h1 class="govuk-heading-l">Training sessions</h1>
${manages ? buttonLink('Add a session', `/training/sessions/new${query({ course_id: courseId })}`, { secondary: true }) : ''}
<form method="get" action="/training/sessions" class="app-filter" novalidate aria-label="Filter sessions">
  <h2 class="govuk-heading-m">Filter sessions</h2>
  ${select({ name: 'course_id', label: 'Course', value: values.course_id, options: courses.map((c) => ({ value: String(c.id), text: c.name })), placeholder: 'All courses', labelClass: 'govuk-label--s' })}
  <div class="app-filter__dates">
    ${dateInput({ name: 'from', legend: 'From', hint: 'For example, 2 3 2026', value: values.from, error: errors.from })}
    ${dateInput({ name: 'to', legend: 'To', hint: 'For example, 31 3 2026', value: values.to, error: errors.to })}
  </div>
  <div class="govuk-button-group">
    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Apply filters</button>
    <a class="govuk-link" href="/training/sessions?from=">Show sessions on any date</a>
  </div>
</form>
${sessions.length
    ? html`${more ? html`<p class="govuk-body">More than ${formatNumber(MAX_SESSIONS)} sessions match: these are the first ${formatNumber(MAX_SESSIONS)} added. Choose a course or dates to see fewer.</p>` : ''}
${sessionsTable(sessions, { caption: `${formatNumber(sessions.length)} ${sessions.length === 1 ? 'session' : 'sessions'}${words ? ` ${words}` : ''}, earliest first` })}`
    : html`<p class="govuk-body">There are no sessions${words ? ` ${words}` : ''}.</p>`}`,
      init(root) {
        const form = root.querySelector('form.app-filter');
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          const data = new FormData(form);
          const parts = (name) => ({ day: data.get(`${name}-day`) || '', month: data.get(`${name}-month`) || '', year: data.get(`${name}-year`) || '' });
          const typed = { course_id: String(data.get('course_id') || ''), from: parts('from'), to: parts('to') };
          const iso = { from: partsToIso(typed.from) || '', to: partsToIso(typed.to) || '' };
          const problems = {};
          if (iso.from && !isRealIsoDate(iso.from)) problems.from = 'The from date must be a real date, for example 2 3 2026';
          if (iso.to && !isRealIsoDate(iso.to)) problems.to = 'The to date must be a real date, for example 31 3 2026';
          if (!problems.from && !problems.to && iso.from && iso.to && iso.to < iso.from) problems.to = 'The to date must be the same as or after the from date';
          if (Object.keys(problems).length) {
            draw({ errors: problems, values: typed });
            return;
          }
          // from is always in the address, empty for any date, so that the default does not return.
          const params = new URLSearchParams();
          if (typed.course_id) params.set('course_id', typed.course_id);
          params.set('from', iso.from);
          if (iso.to) params.set('to', iso.to);
          ctx.navigate(`/training/sessions?${params}`);
        });
      },
    });
  }
  draw();
}
