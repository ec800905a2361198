// Loads a referral for one of its steps, or explains why that step cannot be taken now.
import { get } from '../api.js';
import { html } from '../html.js';
import { REFERRAL_STATUSES, label } from '../codes.js';
import { childName } from '../format.js';

// The referral, with a caption naming it; null when the step is not allowed (a page saying so
// has then been shown).
export async function referralForStep(ctx, step, actionText) {
  const referral = (await get(`/api/v1/referrals/${ctx.params.id}`)).body;
  const primary = (referral.children || []).find((c) => c.primary);
  referral.caption = primary && primary.first_name ? `Referral ${referral.id}: ${childName(primary)}` : `Referral ${referral.id}`;
  const steps = Array.isArray(step) ? step : [step];
  if (steps.some((s) => (referral.allowed_steps || []).includes(s))) return referral;
  const allowed = (referral.allowed_steps || []).length > 0;
  ctx.show({
    title: `You cannot ${actionText} now`,
    back: { href: `/referrals/${referral.id}` },
    body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <span class="govuk-caption-l">${referral.caption}</span>
  <h1 class="govuk-heading-l">You cannot ${actionText} now</h1>
  <p class="govuk-body">The referral’s status is ‘${label(REFERRAL_STATUSES, referral.status)}’. ${allowed ? 'This step does not follow from that status.' : 'Nothing more can be done with it.'}</p>
  <p class="govuk-body"><a class="govuk-link" href="/referrals/${referral.id}">Go to the referral</a> to see the steps you can take.</p>
</div></div>`,
  });
  return null;
}
