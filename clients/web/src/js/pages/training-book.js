// Book a place on a session: find someone already recorded by name or e-mail and book them, or add someone new.
import { ApiError, get, getAll, newIdempotencyKey, post, query } from '../api.js';
import { html } from '../html.js';
import { TRAINING_SECTORS, label } from '../codes.js';
import { errorSummary } from '../components/error-summary.js';
import { input } from '../components/input.js';
import { table } from '../components/table.js';
import { bookingStatusTag } from '../components/training-tags.js';
import { bookingConflict, isFull, placesText } from '../training.js';
import { sessionHeading } from './training-session.js';

const RESULTS = 20;

export async function trainingBookPage(ctx) {
  const id = ctx.params.id;
  const q = (ctx.query.get('q') || '').trim().slice(0, 100);
  let [session, bookings, found] = await Promise.all([
    get(`/api/v1/training/sessions/${id}`).then((r) => r.body),
    getAll(`/api/v1/training/sessions/${id}/bookings`),
    q ? get(`/api/v1/training/people${query({ q, limit: RESULTS })}`).then((r) => r.body) : Promise.resolve(null),
  ]);
  let bookingOf = new Map(bookings.map((b) => [b.person_id, b]));
  const sessionHref = `/training/sessions/${session.id}`;
  const searchHref = (value) => `/training/sessions/${session.id}/book${query({ q: value })}`;
  // A new person's form starts with what was searched for, as a name or as an e-mail.
  const newHref = `/training/sessions/${session.id}/people/new${q ? query(q.includes('@') ? { work_email: q } : { full_name: q }) : ''}`;
  let sending = false;
  // One Idempotency-Key for each person's booking, so that a retry cannot book twice.
  const bookingKeys = new Map();

  function draw({ summary = [], summaryTitle } = {}) {
    const full = isFull(session);
    const people = found ? found.items : [];
    const rows = people.map((p) => {
      const booking = bookingOf.get(p.id);
      return [
        p.full_name,
        p.organisation || '',
        label(TRAINING_SECTORS, p.sector),
        p.work_email || '',
        booking
          ? html`${bookingStatusTag(booking.status)}<span class="govuk-visually-hidden"> (already on this session)</span>`
          : html`<button type="submit" class="govuk-button govuk-button--secondary app-table-button" data-module="govuk-button" name="person_id" value="${p.id}">Book<span class="govuk-visually-hidden"> ${p.full_name}</span></button>`,
      ];
    });
    ctx.show({
      title: 'Book a place',
      error: summary.length > 0,
      back: { href: sessionHref, text: 'Back to the session' },
      focus: summary.length ? 'none' : 'heading',
      body: html`${errorSummary(summary, { title: summaryTitle })}
<span class="govuk-caption-l">${sessionHeading(session)}</span>
<h1 class="govuk-heading-l">Book a place</h1>
<p class="govuk-body">${placesText(session)}.</p>
${full
    ? html`<p class="govuk-body">The session is full. To book someone else, cancel a booking in the <a class="govuk-link" href="${sessionHref}">session’s register</a> first.</p>`
    : html`<div class="app-search-wrapper"><form method="get" class="app-search" role="search" aria-label="People">
  ${input({ name: 'q', label: 'Search by name, e-mail or organisation', value: q, width: 20, spellcheck: false, labelClass: 'govuk-label--s', autocomplete: 'off' })}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Search</button>
</form></div>
${found && rows.length
    ? html`<form method="post" novalidate class="app-book">${table({
      caption: `People matching ‘${q}’`,
      captionSize: 's',
      columns: [{ text: 'Name' }, { text: 'Organisation' }, { text: 'Sector' }, { text: 'Work e-mail' }, { text: 'Booking' }],
      rows,
    })}</form>
${found.next_cursor ? html`<p class="govuk-body">Only the first ${RESULTS} people are shown. Search for more of the name or the e-mail address to find someone else.</p>` : ''}`
    : ''}
${found && !rows.length ? html`<p class="govuk-body">No one recorded matches ‘${q}’. Check the spelling, or search for part of the name.</p>` : ''}
<h2 class="govuk-heading-m">Someone not recorded yet</h2>
<p class="govuk-body"><a class="govuk-link" href="${newHref}">Add a new person and book them</a></p>`}`,
      init(root) {
        const search = root.querySelector('form.app-search');
        if (search) {
          search.addEventListener('submit', (event) => {
            event.preventDefault();
            ctx.navigate(searchHref(String(new FormData(search).get('q') || '').trim()));
          });
        }
        const book = root.querySelector('form.app-book');
        if (book) book.addEventListener('submit', onBook);
      },
    });
  }

  async function onBook(event) {
    event.preventDefault();
    if (sending || !event.submitter) return;
    const personId = Number(event.submitter.value);
    const person = found.items.find((p) => p.id === personId);
    if (!bookingKeys.has(personId)) bookingKeys.set(personId, newIdempotencyKey());
    sending = true;
    try {
      await post(`/api/v1/training/sessions/${session.id}/bookings`, { person_id: personId }, { idempotencyKey: bookingKeys.get(personId) });
    } catch (error) {
      sending = false;
      if (!(error instanceof ApiError) || ![409, 422].includes(error.status)) {
        if (error instanceof ApiError && [401, 403, 404].includes(error.status)) {
          ctx.fail(error);
          return;
        }
        const reference = error.requestId ? ` Quote reference ${error.requestId} if you report it.` : '';
        draw({ summaryTitle: 'Sorry, there is a problem with the service', summary: [{ text: `${person.full_name} has not been booked. Try again later.${reference}` }] });
        return;
      }
      const detail = error.status === 422 && Array.isArray(error.problem.errors) && error.problem.errors.length ? error.problem.errors[0].message : error.problem.detail;
      const conflict = bookingConflict(detail, person.full_name);
      // The places and bookings as they are now, which is why the booking was refused.
      try {
        [session, bookings] = await Promise.all([
          get(`/api/v1/training/sessions/${session.id}`).then((r) => r.body),
          getAll(`/api/v1/training/sessions/${session.id}/bookings`),
        ]);
        bookingOf = new Map(bookings.map((b) => [b.person_id, b]));
      } catch (reloadError) {
        ctx.fail(reloadError);
        return;
      }
      draw({ summaryTitle: conflict.title, summary: [{ text: conflict.text }, { text: 'Go to the session to see its bookings', href: sessionHref }] });
      return;
    }
    sending = false;
    const latest = (await get(`/api/v1/training/sessions/${session.id}`)).body;
    await ctx.navigate(sessionHref, { flash: { heading: `${person.full_name} has been booked`, text: `${placesText(latest)}.` } });
  }

  draw();
}
