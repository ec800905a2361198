// Add someone who is not recorded yet (name, work e-mail, organisation, sector, cluster, job role) and book them on the session.
import { ApiError, get, getAll, newIdempotencyKey, post } from '../api.js';
import { html } from '../html.js';
import { TRAINING_SECTORS, options } from '../codes.js';
import { formPage } from '../forms/form-page.js';
import { bookingConflict, conflictOnField, isFull, placesText } from '../training.js';
import { sessionHeading } from './training-session.js';

export async function trainingPersonNewPage(ctx) {
  const id = ctx.params.id;
  const [session, clusters] = await Promise.all([
    get(`/api/v1/training/sessions/${id}`).then((r) => r.body),
    getAll('/api/v1/areas', { kind: 'cluster' }),
  ]);
  const sessionHref = `/training/sessions/${session.id}`;
  const back = { href: `${sessionHref}/book`, text: 'Back to finding a person' };
  if (isFull(session)) {
    ctx.show({
      title: 'The session is full',
      back,
      body: html`<span class="govuk-caption-l">${sessionHeading(session)}</span>
<h1 class="govuk-heading-l">The session is full</h1>
<p class="govuk-body">All ${session.capacity} places are taken, so no one else can be booked. To book someone else, cancel a booking in the <a class="govuk-link" href="${sessionHref}">session’s register</a> first.</p>`,
    });
    return;
  }
  const fields = [
    { type: 'text', name: 'full_name', label: 'Full name', errorName: 'the full name', autocomplete: 'off', spellcheck: false },
    { type: 'text', name: 'work_email', label: 'Work e-mail address (optional)', errorName: 'the work e-mail address', hint: 'Registers find people by their work e-mail address', autocomplete: 'off', spellcheck: false, width: 30 },
    { type: 'text', name: 'organisation', label: 'Organisation (optional)', errorName: 'the organisation', hint: 'For example, the school, team or charity they work for', autocomplete: 'off' },
    { type: 'radios', name: 'sector', label: 'Which sector do they work in?', errorName: 'the sector', options: options(TRAINING_SECTORS) },
    {
      type: 'select',
      name: 'cluster',
      label: 'Cluster (optional)',
      errorName: 'the cluster',
      hint: 'The cluster they work in, if they work in one',
      placeholder: 'Not in a cluster',
      options: clusters.map((a) => ({ value: a.code, text: `${a.name} (${a.code})` })),
    },
    { type: 'text', name: 'job_role', label: 'Job role (optional)', errorName: 'the job role', hint: 'For example, Family support worker', autocomplete: 'off' },
  ];
  // Someone added by an earlier try whose booking was refused is not added again: the same
  // details go with the same Idempotency-Key, and each person's booking has a key of its own.
  let created = null;
  const personKeys = new Map();
  const bookingKeys = new Map();
  const keyFor = (map, key) => {
    if (!map.has(key)) map.set(key, newIdempotencyKey());
    return map.get(key);
  };
  formPage(ctx, {
    title: 'Add a new person and book them',
    caption: sessionHeading(session),
    intro: html`<p class="govuk-body">Record someone who is not on the list of people yet. They will be booked on this session. ${placesText(session)}.</p>`,
    fields,
    values: { full_name: ctx.query.get('full_name') || '', work_email: ctx.query.get('work_email') || '' },
    submitText: 'Add and book',
    back,
    cancel: { href: sessionHref, text: 'Cancel' },
    async submit(body) {
      const sent = JSON.stringify(body);
      if (!created || created.sent !== sent) {
        try {
          const { body: person } = await post('/api/v1/training/people', body, { idempotencyKey: keyFor(personKeys, sent) });
          created = { sent, person };
        } catch (error) {
          throw conflictOnField(error, 'work_email');
        }
      }
      const { person } = created;
      try {
        await post(`/api/v1/training/sessions/${session.id}/bookings`, { person_id: person.id }, { idempotencyKey: keyFor(bookingKeys, person.id) });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 409) throw error;
        const conflict = bookingConflict(error.problem.detail, person.full_name);
        throw new ApiError(422, { errors: [{ message: `${conflict.text}. They have been added to the list of people, so you can book them on another session` }] });
      }
      return person;
    },
    async done(person) {
      const latest = (await get(`/api/v1/training/sessions/${session.id}`)).body;
      await ctx.navigate(sessionHref, { flash: { heading: `${person.full_name} has been added and booked`, text: `${placesText(latest)}.` } });
    },
  });
}
