// Update an action in a family plan: its status, and the date it was done.
import { get, patch } from '../api.js';
import { html } from '../html.js';
import { ACTION_STATUSES, options } from '../codes.js';
import { isoToParts, todayIso } from '../dates.js';
import { formatDate } from '../format.js';
import { formPage } from '../forms/form-page.js';
import { notFoundView } from './problems.js';

export async function actionEditPage(ctx) {
  const plan = (await get(`/api/v1/plans/${ctx.params.plan_id}`)).body;
  const action = (plan.actions || []).find((a) => String(a.id) === ctx.params.action_id);
  if (!action) {
    ctx.show(notFoundView({}));
    return;
  }
  const back = { href: `/referrals/${plan.referral_id}` };
  formPage(ctx, {
    title: 'Update an action',
    caption: `Referral ${plan.referral_id}: family plan`,
    intro: html`<div class="govuk-inset-text">
  <p class="govuk-body">${action.description || 'Action'}</p>
  <p class="govuk-body">${action.owner_name || ''}${action.due_on ? `, by ${formatDate(action.due_on)}` : ''}</p>
</div>`,
    // The date is a field of its own rather than revealed by "Done": see plan-new.js.
    fields: [
      { type: 'radios', name: 'status', label: 'What is the status of this action?', errorName: 'the status', options: options(ACTION_STATUSES), legendSize: 'm' },
      { type: 'date', name: 'completed_on', label: 'Date it was done', errorName: 'the date it was done', hint: 'Only if it is done. For example, 27 3 2026' },
    ],
    values: { status: action.status, completed_on: isoToParts(action.completed_on || todayIso()) },
    submitText: 'Save',
    back,
    cancel: { ...back, text: 'Cancel' },
    submit: (body) => {
      const sent = { ...body };
      if (sent.status !== 'done') delete sent.completed_on;
      return patch(`/api/v1/plan-actions/${action.id}`, sent, { ifMatch: action.version });
    },
    done: () => ctx.navigate(`/referrals/${plan.referral_id}`, { flash: { heading: 'Action updated' } }),
  });
}
