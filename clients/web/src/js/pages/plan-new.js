// Record the family plan of an initial conference: agreed or not, when, and its actions.
import { get, post, query } from '../api.js';
import { html } from '../html.js';
import { formatDate } from '../format.js';
import { formPage } from '../forms/form-page.js';
import { actionFields } from './action-fields.js';
import { referralForStep } from './step-gate.js';

export async function planNewPage(ctx) {
  const referral = await referralForStep(ctx, ['record_plan_agreed', 'record_plan_not_agreed'], 'record the family plan');
  if (!referral) return;
  const initial = (await get(`/api/v1/conferences${query({ referral_id: referral.id, kind: 'initial', limit: 200 })}`)).body.items;
  // The plan belongs to the latest initial conference (a reconvened one replaces the first).
  const conference = initial
    .filter((c) => !c.plan_id)
    .sort((a, b) => (a.held_on === b.held_on ? a.id - b.id : a.held_on.localeCompare(b.held_on)))
    .pop();
  if (!conference) {
    ctx.show({
      title: 'There is no conference to record a plan for',
      back: { href: `/referrals/${referral.id}` },
      body: html`<h1 class="govuk-heading-l">There is no conference to record a plan for</h1>
<p class="govuk-body">Record the initial conference first. <a class="govuk-link" href="/referrals/${referral.id}">Go to the referral</a>.</p>`,
    });
    return;
  }
  const fields = [
    // No conditional reveal here: GOV.UK Frontend marks revealing radios with aria-expanded,
    // which axe-core reports as a critical fault; the date is simply ignored for "No".
    { type: 'yesno', name: 'agreed', label: 'Did the family agree a plan?', errorName: 'whether the family agreed a plan', legendSize: 'm' },
    { type: 'date', name: 'agreed_on', label: 'Date the plan was agreed (optional)', errorName: 'the date the plan was agreed', hint: 'Only if the family agreed a plan. Leave blank for the date of the conference' },
    {
      type: 'repeat',
      name: 'actions',
      legend: 'Actions in the plan',
      hint: 'What each person will do. Leave a row empty to skip it.',
      itemLabel: 'Action',
      addText: 'Add another action',
      fields: actionFields(),
    },
  ];
  formPage(ctx, {
    title: 'Record the family plan',
    caption: referral.caption,
    intro: html`<p class="govuk-body">For the conference on ${formatDate(conference.held_on)}.</p>`,
    fields,
    values: { actions: [{}] },
    submitText: 'Save plan',
    back: { href: `/referrals/${referral.id}` },
    cancel: { href: `/referrals/${referral.id}`, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => {
      const sent = { conference_id: conference.id, ...body };
      if (sent.agreed !== true) delete sent.agreed_on;
      return post('/api/v1/plans', sent, { idempotencyKey });
    },
    done: ({ body }) => ctx.navigate(`/referrals/${referral.id}`, {
      flash: { heading: body.agreed ? 'Family plan recorded' : 'Plan not agreed recorded' },
    }),
  });
}
