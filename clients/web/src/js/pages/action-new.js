// Add an action to a family plan, for example at a review.
import { get, post } from '../api.js';
import { formPage } from '../forms/form-page.js';
import { actionFields } from './action-fields.js';

export async function actionNewPage(ctx) {
  const plan = (await get(`/api/v1/plans/${ctx.params.plan_id}`)).body;
  const back = { href: `/referrals/${plan.referral_id}` };
  formPage(ctx, {
    title: 'Add an action to the plan',
    caption: `Referral ${plan.referral_id}: family plan`,
    fields: actionFields(),
    submitText: 'Add action',
    back,
    cancel: { ...back, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post(`/api/v1/plans/${plan.id}/actions`, body, { idempotencyKey }),
    done: () => ctx.navigate(`/referrals/${plan.referral_id}`, { flash: { heading: 'Action added to the plan' } }),
  });
}
