// Add a training session: the course, date, start and end times, venue or online, trainer and places.
import { getAll, post } from '../api.js';
import { html } from '../html.js';
import { formPage } from '../forms/form-page.js';
import { can } from '../roles.js';
import { normaliseTime } from '../training.js';

// Administrators choose the trainer; a trainer's new session is theirs (they cannot list users).
async function trainerField(ctx) {
  if (!can(ctx.user, 'listUsers')) {
    return {
      type: 'html',
      name: 'trainer_note',
      html: html`<div class="govuk-form-group"><h2 class="govuk-label govuk-label--s">Trainer</h2><p class="govuk-body">You (${ctx.user.display_name || ctx.user.username}). An administrator can change the trainer.</p></div>`,
    };
  }
  const [trainers, admins] = await Promise.all([
    getAll('/api/v1/users', { role: 'trainer', active: true }),
    getAll('/api/v1/users', { role: 'admin', active: true }),
  ]);
  const people = [...trainers, ...admins].map((u) => ({ value: String(u.id), text: `${u.display_name || u.username}${u.role === 'admin' ? ' (administrator)' : ''}` }));
  return { type: 'select', name: 'trainer_id', label: 'Trainer (optional)', errorName: 'the trainer', numeric: true, nullable: false, placeholder: 'No trainer yet', options: people };
}

export async function trainingSessionNewPage(ctx) {
  const courses = (await getAll('/api/v1/training/courses', { active: true })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const asked = ctx.query.get('course_id') || '';
  const fields = [
    { type: 'select', name: 'course_id', label: 'Course', errorName: 'the course', numeric: true, options: courses.map((c) => ({ value: String(c.id), text: c.name })) },
    { type: 'date', name: 'held_on', label: 'Date of the session', errorName: 'the date of the session', hint: 'For example, 4 3 2026' },
    { type: 'text', name: 'starts_at', label: 'Start time', errorName: 'the start time', hint: 'Use the 24-hour clock, for example 09:30', width: 5, spellcheck: false, autocomplete: 'off', formatMessage: 'must be a time such as 09:30' },
    { type: 'text', name: 'ends_at', label: 'End time', errorName: 'the end time', hint: 'For example, 12:30', width: 5, spellcheck: false, autocomplete: 'off', formatMessage: 'must be a time such as 12:30' },
    {
      type: 'radios',
      name: 'online',
      label: 'Where is the session held?',
      errorName: 'where the session is held',
      boolean: true,
      options: [
        { value: 'false', text: 'At a venue' },
        { value: 'true', text: 'Online', hint: 'If some people will also be in a room, give the venue as well' },
      ],
    },
    { type: 'text', name: 'venue', label: 'Venue', errorName: 'the venue', hint: 'Needed for a session at a venue, for example Civic Hall, Committee Room 3', autocomplete: 'off' },
    await trainerField(ctx),
    { type: 'integer', name: 'capacity', label: 'Number of places', errorName: 'the number of places', hint: 'From 1 to 500', width: 3 },
    { type: 'textarea', name: 'notes', label: 'Notes (optional)', errorName: 'the notes', hint: 'For example, joining instructions or what to bring', maxlength: 4000, rows: 4 },
  ];
  const back = /^[1-9][0-9]*$/.test(asked) ? { href: `/training/courses/${asked}`, text: 'Back to the course' } : { href: '/training/sessions', text: 'Back to sessions' };
  formPage(ctx, {
    title: 'Add a session',
    caption: 'Training',
    fields,
    values: { course_id: courses.some((c) => String(c.id) === asked) ? asked : '', online: 'false' },
    submitText: 'Add session',
    back,
    cancel: { ...back, text: 'Cancel' },
    submit(body, { idempotencyKey }) {
      const sent = { ...body };
      for (const name of ['starts_at', 'ends_at']) if (sent[name] !== undefined) sent[name] = normaliseTime(sent[name]);
      return post('/api/v1/training/sessions', sent, { idempotencyKey });
    },
    done: ({ body }) => ctx.navigate(`/training/sessions/${body.id}`, {
      flash: { heading: 'Session added', text: 'You can now book people onto it.' },
    }),
  });
}
