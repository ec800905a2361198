// Record a child in need episode, a child protection plan or a looked-after episode through the status endpoints.
import { get, post } from '../api.js';
import {
  ABUSE_CATEGORIES, CIN_CLOSURE_REASONS, CIN_PRIMARY_NEEDS, CIN_REFERRAL_SOURCES, CLA_CATEGORIES_OF_NEED,
  CLA_LEGAL_STATUSES, CLA_PLACEMENTS, CLA_PLACEMENT_PROVIDERS, CLA_REASONS_CEASED, CLA_REASONS_NEW_EPISODE, options,
} from '../codes.js';
import { formPage } from '../forms/form-page.js';
import { childName, formatDate } from '../format.js';

const coded = (list) => options(list).map((o) => ({ value: o.value, text: `${o.value}: ${o.text}` }));
const note = { type: 'textarea', name: 'note', label: 'Notes (optional)', errorName: 'the notes', maxlength: 2000, rows: 3 };

function cinFields() {
  return [
    { type: 'date', name: 'referral_date', label: 'Referral date', errorName: 'the referral date' },
    { type: 'select', name: 'referral_source', label: 'Source of the referral (optional)', errorName: 'the source of the referral', options: coded(CIN_REFERRAL_SOURCES) },
    { type: 'select', name: 'primary_need', label: 'Primary need (optional)', errorName: 'the primary need', options: coded(CIN_PRIMARY_NEEDS) },
    { type: 'yesno', name: 'referral_nfa', label: 'Was the referral closed with no further action?', errorName: 'whether the referral was closed with no further action' },
    { type: 'date', name: 'closure_date', label: 'Date the episode closed (optional)', errorName: 'the closure date', hint: 'Leave blank if the episode is still open' },
    { type: 'select', name: 'closure_reason', label: 'Reason for closure (optional)', errorName: 'the reason for closure', options: coded(CIN_CLOSURE_REASONS) },
    note,
  ];
}

async function cppFields(childId) {
  const cin = (await get(`/api/v1/children/${childId}/cin-episodes`)).body.items;
  return [
    { type: 'date', name: 'start_date', label: 'Date the plan started', errorName: 'the start date' },
    { type: 'date', name: 'icpc_date', label: 'Date of the initial child protection conference (optional)', errorName: 'the date of the initial child protection conference' },
    { type: 'select', name: 'initial_category', label: 'Initial category of abuse (optional)', errorName: 'the initial category of abuse', options: coded(ABUSE_CATEGORIES) },
    { type: 'select', name: 'latest_category', label: 'Latest category of abuse (optional)', errorName: 'the latest category of abuse', options: coded(ABUSE_CATEGORIES) },
    { type: 'integer', name: 'number_of_previous_cpp', label: 'Number of previous child protection plans (optional)', errorName: 'the number of previous plans', width: 3 },
    ...(cin.length
      ? [{ type: 'select', name: 'cin_episode_id', label: 'Child in need episode (optional)', errorName: 'the child in need episode', numeric: true, options: cin.map((e) => ({ value: String(e.id), text: `Referred on ${formatDate(e.referral_date)}` })) }]
      : []),
    { type: 'date', name: 'end_date', label: 'Date the plan ended (optional)', errorName: 'the end date', hint: 'Leave blank if the plan is still in place' },
    note,
  ];
}

function claFields() {
  return [
    { type: 'date', name: 'decom', label: 'Date the episode started', errorName: 'the start date' },
    { type: 'select', name: 'rne', label: 'Reason for the new episode', errorName: 'the reason for the new episode', options: coded(CLA_REASONS_NEW_EPISODE) },
    { type: 'select', name: 'ls', label: 'Legal status', errorName: 'the legal status', options: coded(CLA_LEGAL_STATUSES) },
    { type: 'select', name: 'cin', label: 'Category of need (optional)', errorName: 'the category of need', options: coded(CLA_CATEGORIES_OF_NEED) },
    { type: 'select', name: 'place', label: 'Placement (optional)', errorName: 'the placement', options: coded(CLA_PLACEMENTS) },
    { type: 'select', name: 'place_provider', label: 'Placement provider (optional)', errorName: 'the placement provider', options: coded(CLA_PLACEMENT_PROVIDERS) },
    { type: 'date', name: 'dec', label: 'Date the episode ended (optional)', errorName: 'the end date', hint: 'Leave blank if the episode is still open' },
    { type: 'select', name: 'rec', label: 'Reason the episode ended (optional)', errorName: 'the reason the episode ended', options: coded(CLA_REASONS_CEASED) },
    { type: 'text', name: 'home_post', label: 'Home postcode (optional)', errorName: 'the home postcode', hint: 'The full postcode, or the district and sector such as LS12 3', width: 10, spellcheck: false },
    { type: 'text', name: 'pl_post', label: 'Placement postcode (optional)', errorName: 'the placement postcode', width: 10, spellcheck: false },
    note,
  ];
}

const KINDS = {
  'cin-episodes': { title: 'Record a child in need episode', done: 'Child in need episode recorded', fields: () => cinFields() },
  'child-protection-plans': { title: 'Record a child protection plan', done: 'Child protection plan recorded', fields: (id) => cppFields(id) },
  'looked-after-episodes': { title: 'Record a looked-after episode', done: 'Looked-after episode recorded', fields: () => claFields() },
};

// kind: cin-episodes, child-protection-plans or looked-after-episodes (as in the API's paths).
async function statusNewPage(ctx, kind) {
  const { id } = ctx.params;
  const spec = KINDS[kind];
  const [child, fields] = await Promise.all([get(`/api/v1/children/${id}`).then((r) => r.body), spec.fields(id)]);
  formPage(ctx, {
    title: spec.title,
    caption: childName(child),
    fields,
    submitText: 'Save',
    back: { href: `/children/${id}/status` },
    cancel: { href: `/children/${id}`, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post(`/api/v1/children/${id}/${kind}`, body, { idempotencyKey }),
    done: () => ctx.navigate(`/children/${id}`, { flash: { heading: spec.done } }),
  });
}

export const cinEpisodeNewPage = (ctx) => statusNewPage(ctx, 'cin-episodes');
export const childProtectionPlanNewPage = (ctx) => statusNewPage(ctx, 'child-protection-plans');
export const lookedAfterEpisodeNewPage = (ctx) => statusNewPage(ctx, 'looked-after-episodes');
