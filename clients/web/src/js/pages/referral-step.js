// The referral steps taken with a form: accept, decline, allocate a coordinator, preparation and close.
import { getAll, post } from '../api.js';
import { CLOSURE_REASONS, DECLINE_REASONS, options } from '../codes.js';
import { isoToParts, todayIso } from '../dates.js';
import { formPage } from '../forms/form-page.js';
import { referralForStep } from './step-gate.js';

const today = () => isoToParts(todayIso());

const STEPS = {
  accept: {
    title: 'Accept the referral',
    action: 'accept this referral',
    submitText: 'Accept referral',
    done: 'Referral accepted',
    doneText: 'Next, allocate a coordinator.',
    fields: () => [{ type: 'date', name: 'accepted_on', label: 'Date accepted', errorName: 'the date accepted' }],
    values: () => ({ accepted_on: today() }),
  },
  decline: {
    title: 'Decline the referral',
    action: 'decline this referral',
    submitText: 'Decline referral',
    warning: true,
    done: 'Referral declined',
    fields: () => [
      { type: 'radios', name: 'decline_reason', label: 'Why are you declining the referral?', errorName: 'why you are declining the referral', options: options(DECLINE_REASONS) },
      { type: 'textarea', name: 'decline_note', label: 'Notes', errorName: 'the notes', hint: 'Needed if you chose ‘Another reason’', maxlength: 2000, rows: 4 },
      { type: 'date', name: 'declined_on', label: 'Date declined', errorName: 'the date declined' },
    ],
    values: () => ({ declined_on: today() }),
  },
  allocate: {
    title: 'Allocate a coordinator',
    action: 'allocate a coordinator',
    submitText: 'Allocate coordinator',
    done: 'Coordinator allocated',
    doneText: 'Record preparation or the conference when they happen.',
    async fields(ctx) {
      const coordinators = await getAll('/api/v1/users', { role: 'fgc_coordinator', active: true });
      const choices = coordinators.map((u) => ({ value: String(u.id), text: u.display_name || u.username, hint: u.team || null }));
      const big = choices.length > 12;
      return [
        big
          ? { type: 'select', name: 'coordinator_id', label: 'Coordinator', errorName: 'the coordinator', numeric: true, options: choices }
          : { type: 'radios', name: 'coordinator_id', label: 'Which coordinator will work with the family?', errorName: 'the coordinator', numeric: true, options: choices },
        { type: 'date', name: 'allocated_on', label: 'Date allocated', errorName: 'the date allocated' },
      ];
    },
    values: (ctx) => ({ allocated_on: today(), coordinator_id: ctx.user.role === 'fgc_coordinator' ? String(ctx.user.id) : '' }),
  },
  prepare: {
    title: 'Record preparation',
    action: 'record preparation',
    submitText: 'Save',
    done: 'Preparation recorded',
    fields: (ctx, referral) => [
      // The start date is kept from the first time preparation was recorded.
      ...(referral.status === 'preparing' ? [] : [{ type: 'date', name: 'preparation_started_on', label: 'Date preparation started', errorName: 'the date preparation started' }]),
      { type: 'integer', name: 'network_members_contacted', label: 'How many people in the family network have been contacted?', errorName: 'the number of people contacted', width: 3 },
    ],
    values: (ctx, referral) => ({
      preparation_started_on: today(),
      network_members_contacted: referral.network_members_contacted === null || referral.network_members_contacted === undefined ? '' : String(referral.network_members_contacted),
    }),
  },
  close: {
    title: 'Close the referral',
    action: 'close this referral',
    submitText: 'Close referral',
    warning: true,
    done: 'Referral closed',
    fields: () => [
      { type: 'radios', name: 'closure_reason', label: 'Why are you closing the referral?', errorName: 'why you are closing the referral', options: options(CLOSURE_REASONS) },
      { type: 'textarea', name: 'closure_note', label: 'Notes', errorName: 'the notes', hint: 'Needed if you chose ‘Another reason’', maxlength: 2000, rows: 4 },
      { type: 'date', name: 'closed_on', label: 'Date closed', errorName: 'the date closed' },
    ],
    values: () => ({ closed_on: today() }),
  },
};

async function stepPage(ctx, step) {
  const spec = STEPS[step];
  const referral = await referralForStep(ctx, step, spec.action);
  if (!referral) return;
  const fields = await spec.fields(ctx, referral);
  formPage(ctx, {
    title: spec.title,
    caption: referral.caption,
    fields,
    values: spec.values(ctx, referral),
    submitText: spec.submitText,
    warning: spec.warning,
    back: { href: `/referrals/${referral.id}` },
    cancel: { href: `/referrals/${referral.id}`, text: 'Cancel' },
    // Based on the version this page loaded: if someone else took a step meanwhile, the API
    // answers 412 and the page says so.
    submit: (body) => post(`/api/v1/referrals/${referral.id}/${step}`, body, { ifMatch: referral.version }),
    done: () => ctx.navigate(`/referrals/${referral.id}`, { flash: { heading: spec.done, text: spec.doneText } }),
  });
}

export const acceptPage = (ctx) => stepPage(ctx, 'accept');
export const declinePage = (ctx) => stepPage(ctx, 'decline');
export const allocatePage = (ctx) => stepPage(ctx, 'allocate');
export const preparePage = (ctx) => stepPage(ctx, 'prepare');
export const closePage = (ctx) => stepPage(ctx, 'close');
