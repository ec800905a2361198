// Record a conference (initial or review): when, the model, the child's part, private family time, who came.
import { get, post, query } from '../api.js';
import { ATTENDEE_ROLES, CONFERENCE_MODELS, options } from '../codes.js';
import { isoToParts, todayIso } from '../dates.js';
import { childName } from '../format.js';
import { formPage } from '../forms/form-page.js';
import { referralForStep } from './step-gate.js';

// The family network of every child in the referral the user can see, for naming attendees.
async function networkOf(referral) {
  const visible = (referral.children || []).filter((c) => c.first_name !== undefined);
  const lists = await Promise.all(visible.map((c) => get(`/api/v1/children/${c.id}/network-members${query({ limit: 200 })}`)
    .then((r) => r.body.items.map((m) => ({ ...m, childName: childName(c) })))));
  return lists.flat();
}

export async function conferenceNewPage(ctx) {
  const kind = ctx.query.get('kind') === 'review' ? 'review' : 'initial';
  const review = kind === 'review';
  const referral = await referralForStep(ctx, review ? 'hold_review' : 'hold_conference', review ? 'record a review' : 'record a conference');
  if (!referral) return;
  const network = await networkOf(referral);
  const attendeeFields = [
    { type: 'select', name: 'role', label: 'Role', errorName: 'the role', options: options(ATTENDEE_ROLES) },
    { type: 'text', name: 'name', label: 'Name', errorName: 'the name', autocomplete: 'off', spellcheck: false },
    ...(network.length
      ? [{
        type: 'select',
        name: 'network_member_id',
        label: 'Or choose someone from the family network',
        errorName: 'the person from the family network',
        numeric: true,
        placeholder: 'No one chosen',
        options: network.map((m) => ({ value: String(m.id), text: `${m.full_name || `Person ${m.id}`} (${m.childName}’s network)` })),
      }]
      : []),
  ];
  const fields = [
    { type: 'date', name: 'held_on', label: review ? 'Date of the review' : 'Date of the conference', errorName: review ? 'the date of the review' : 'the date of the conference' },
    { type: 'radios', name: 'model', label: 'Which model was used?', errorName: 'the model used', inline: true, options: options(CONFERENCE_MODELS) },
    { type: 'yesno', name: 'child_attended', label: 'Did the child attend?', errorName: 'whether the child attended' },
    { type: 'yesno', name: 'child_views_heard', label: 'Were the child’s views heard?', errorName: 'whether the child’s views were heard', hint: 'In person or in another way, such as a letter or a recording' },
    { type: 'yesno', name: 'advocate_used', label: 'Was an advocate used?', errorName: 'whether an advocate was used' },
    { type: 'yesno', name: 'private_family_time', label: 'Did the family have private family time?', errorName: 'whether the family had private family time' },
    {
      type: 'repeat',
      name: 'attendees',
      legend: 'Who attended',
      hint: 'Give each person’s role and name. Leave a row empty to skip it.',
      itemLabel: 'Attendee',
      addText: 'Add another attendee',
      fields: attendeeFields,
    },
    { type: 'textarea', name: 'notes', label: 'Notes (optional)', errorName: 'the notes', maxlength: 4000, rows: 5 },
  ];
  formPage(ctx, {
    title: review ? 'Record a review' : 'Record a conference',
    caption: referral.caption,
    fields,
    values: { held_on: isoToParts(todayIso()), attendees: [{}, {}] },
    submitText: review ? 'Save review' : 'Save conference',
    back: { href: `/referrals/${referral.id}` },
    cancel: { href: `/referrals/${referral.id}`, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/conferences', { referral_id: referral.id, kind, ...body }, { idempotencyKey }),
    done: () => ctx.navigate(`/referrals/${referral.id}`, {
      flash: review
        ? { heading: 'Review recorded' }
        : { heading: 'Conference recorded', text: 'Next, record the family plan.' },
    }),
  });
}
