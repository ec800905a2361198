// Refer a family for an FGC: the child, their siblings, the date, the stage, domestic violence and the reason.
import { get, post, query } from '../api.js';
import { html } from '../html.js';
import { REFERRAL_STAGES, options } from '../codes.js';
import { isoToParts, todayIso } from '../dates.js';
import { childName, formatDate } from '../format.js';
import { formPage } from '../forms/form-page.js';

export async function referralNewPage(ctx) {
  const id = Number(ctx.params.id);
  const child = (await get(`/api/v1/children/${id}`)).body;
  const name = childName(child);
  // Brothers and sisters the user can see: children with the same last name.
  const siblings = child.last_name
    ? (await get(`/api/v1/children${query({ q: child.last_name, limit: 50 })}`)).body.items.filter((c) => c.id !== id && c.last_name === child.last_name)
    : [];

  const fields = [
    ...(siblings.length
      ? [{
        type: 'checkboxes',
        name: 'children',
        label: 'Which brothers or sisters are included in the conference? (optional)',
        errorName: 'the brothers and sisters',
        hint: 'Children you can see with the same last name. Select all that apply.',
        numeric: true,
        options: siblings.map((s) => ({ value: String(s.id), text: childName(s), hint: `Born ${formatDate(s.date_of_birth)}` })),
      }]
      : []),
    { type: 'date', name: 'referred_on', label: 'Referral date', errorName: 'the referral date', hint: 'The date the family was referred. For example, 27 3 2026' },
    {
      type: 'radios',
      name: 'referral_stage',
      label: 'Where is the family in the system?',
      errorName: 'where the family is in the system',
      options: options(REFERRAL_STAGES).map((o) => (o.value === 'dv_pathway' ? { ...o, hint: 'Referred from the daily domestic violence meeting' } : o)),
    },
    { type: 'yesno', name: 'domestic_violence', label: 'Is domestic violence a factor?', errorName: 'whether domestic violence is a factor' },
    { type: 'textarea', name: 'reason', label: 'Reason for the referral', errorName: 'the reason for the referral', hint: 'What the family needs to make a plan about, and who is involved', maxlength: 4000, rows: 8 },
    { type: 'text', name: 'referrer_name', label: 'Referrer’s name, if they are not from the council (optional)', errorName: 'the referrer’s name', autocomplete: 'off' },
  ];
  formPage(ctx, {
    title: 'Refer a family for a family group conference',
    heading: 'Refer the family for a family group conference',
    caption: name,
    intro: html`<p class="govuk-body">The referral is for ${name}, born ${formatDate(child.date_of_birth)}. An FGC coordinator will decide whether to accept it.</p>`,
    fields,
    values: { referred_on: isoToParts(todayIso()), domestic_violence: 'false' },
    submitText: 'Make referral',
    back: { href: `/children/${id}` },
    cancel: { href: `/children/${id}`, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/referrals', { child_id: id, ...body }, { idempotencyKey }),
    done: ({ body }) => ctx.navigate(`/referrals/${body.id}`, {
      flash: { heading: `Referral ${body.id} made`, text: 'An FGC coordinator will look at it and decide whether to accept it.' },
    }),
  });
}
