// A referral: its status, children, details, next steps, conferences, family plan and history.
import { get, query } from '../api.js';
import { html } from '../html.js';
import {
  ATTENDEE_ROLES, CLOSURE_REASONS, CONFERENCE_KINDS, CONFERENCE_MODELS, DECLINE_REASONS, OWNER_KINDS,
  REFERRAL_EVENTS, REFERRAL_STAGES, label,
} from '../codes.js';
import { buttonGroup, buttonLink } from '../components/button.js';
import { summaryList } from '../components/summary-list.js';
import { table } from '../components/table.js';
import { actionStatusTag, referralStatusTag } from '../components/tag.js';
import { childName, formatDate, formatDateTime, yesNo } from '../format.js';
import { can } from '../roles.js';

// The pages that take each step the referral allows.
const STEP_LINKS = {
  accept: { text: 'Accept the referral', path: 'accept' },
  decline: { text: 'Decline the referral', path: 'decline' },
  allocate: { text: 'Allocate a coordinator', path: 'allocate' },
  prepare: { text: 'Record preparation', path: 'prepare' },
  hold_conference: { text: 'Record a conference', path: 'conferences/new' },
  record_plan_agreed: { text: 'Record the family plan', path: 'plan' },
  hold_review: { text: 'Record a review', path: 'conferences/new?kind=review' },
  close: { text: 'Close the referral', path: 'close' },
};

export function stepLinks(referral) {
  const links = [];
  for (const step of referral.allowed_steps || []) {
    // record_plan_agreed and record_plan_not_agreed are both taken on the plan page.
    const link = STEP_LINKS[step === 'record_plan_not_agreed' ? 'record_plan_agreed' : step];
    if (link && !links.includes(link)) links.push(link);
  }
  return links;
}

// A user's name for people allowed to look users up; otherwise nothing.
async function userName(ctx, id) {
  if (!id) return '';
  if (ctx.user.id === id) return `${ctx.user.display_name || ctx.user.username} (you)`;
  if (!can(ctx.user, 'listUsers')) return '';
  try {
    const { body } = await get(`/api/v1/users/${id}`);
    return body.display_name || body.username;
  } catch (error) {
    if (error.status === 401) throw error;
    return '';
  }
}

function childrenList(referral) {
  return html`<ul class="govuk-list">${(referral.children || []).map((c) => html`<li>
    <a class="govuk-link" href="/children/${c.id}">${childName(c)}</a>${c.date_of_birth ? `, born ${formatDate(c.date_of_birth)}` : ''}${c.primary ? ' (main child)' : ''}
  </li>`)}</ul>`;
}

function conferenceSection(conference) {
  const attendees = conference.attendees || [];
  return html`<h3 class="govuk-heading-s">${label(CONFERENCE_KINDS, conference.kind)} on ${formatDate(conference.held_on)}</h3>
${summaryList([
    { key: 'Model', value: label(CONFERENCE_MODELS, conference.model) },
    { key: 'Child attended', value: yesNo(conference.child_attended) },
    { key: 'Child’s views heard', value: yesNo(conference.child_views_heard) },
    { key: 'Advocate used', value: yesNo(conference.advocate_used) },
    { key: 'Private family time', value: yesNo(conference.private_family_time) },
    {
      key: 'Attendees',
      value: attendees.length
        ? html`<ul class="govuk-list">${attendees.map((a) => html`<li>${label(ATTENDEE_ROLES, a.role)}${a.name ? `: ${a.name}` : ''}${a.network_member_id && !a.name ? ' (from the family network)' : ''}</li>`)}</ul>`
        : '',
    },
    { key: 'Notes', value: conference.notes },
  ])}`;
}

function planSection(ctx, referral) {
  const { plan } = referral;
  if (!plan) return html`<p class="govuk-body">No family plan has been recorded yet.</p>`;
  const open = !['closed', 'declined'].includes(referral.status);
  const edits = can(ctx.user, 'takeSteps') && open;
  const actions = plan.actions || [];
  return html`${summaryList([
    { key: 'Plan agreed', value: yesNo(plan.agreed) },
    { key: 'Agreed on', value: formatDate(plan.agreed_on) },
  ])}
${actions.length
    ? table({
      caption: 'Actions in the plan',
      captionSize: 's',
      columns: [{ text: 'What will be done' }, { text: 'Who' }, { text: 'By' }, { text: 'Status' }, ...(edits ? [{ text: 'Change' }] : [])],
      rows: actions.map((a, i) => [
        a.description || `Action ${i + 1}`,
        html`${a.owner_name || ''}<br><span class="govuk-hint">${label(OWNER_KINDS, a.owner_kind)}</span>`,
        html`<span class="app-nowrap">${formatDate(a.due_on) || 'No date'}</span>`,
        html`${actionStatusTag(a.status)}${a.completed_on ? html`<br><span class="govuk-hint">on ${formatDate(a.completed_on)}</span>` : ''}`,
        ...(edits ? [html`<a class="govuk-link" href="/plans/${plan.id}/actions/${a.id}">Update<span class="govuk-visually-hidden"> action ${i + 1}</span></a>`] : []),
      ]),
    })
    : html`<p class="govuk-body">The plan has no actions.</p>`}
${edits ? buttonLink('Add an action', `/plans/${plan.id}/actions/new`, { secondary: true }) : ''}`;
}

function historyTable(referral) {
  return table({
    caption: 'Steps taken, oldest first',
    captionSize: 's',
    columns: [{ text: 'Date' }, { text: 'What happened' }, { text: 'Recorded' }],
    rows: (referral.events || []).map((e) => [
      html`<span class="app-nowrap">${formatDate(e.occurred_on)}</span>`,
      label(REFERRAL_EVENTS, e.event),
      formatDateTime(e.at),
    ]),
  });
}

export async function referralPage(ctx) {
  const id = ctx.params.id;
  const [referral, conferences] = await Promise.all([
    get(`/api/v1/referrals/${id}`).then((r) => r.body),
    get(`/api/v1/conferences${query({ referral_id: id, limit: 200 })}`).then((r) => r.body.items),
  ]);
  const [coordinator, referrer] = await Promise.all([userName(ctx, referral.coordinator_id), userName(ctx, referral.referrer_id)]);
  const primary = (referral.children || []).find((c) => c.primary);
  const heading = primary && primary.first_name ? `Referral for ${childName(primary)}` : `Referral ${referral.id}`;
  const steps = can(ctx.user, 'takeSteps') ? stepLinks(referral) : [];

  ctx.show({
    title: heading,
    back: { href: '/referrals', text: 'Back to referrals' },
    body: html`<span class="govuk-caption-l">Referral ${referral.id}</span>
<h1 class="govuk-heading-l">${heading}</h1>
<p class="govuk-body">Status: ${referralStatusTag(referral.status)}</p>
${steps.length
    ? html`<h2 class="govuk-heading-m">Next steps</h2>
${buttonGroup(...steps.map((s, i) => buttonLink(s.text, `/referrals/${referral.id}/${s.path}`, { secondary: i > 0 })))}`
    : ''}
<h2 class="govuk-heading-m">Referral details</h2>
${summaryList([
    { key: 'Children', value: childrenList(referral) },
    { key: 'Referred on', value: formatDate(referral.referred_on) },
    { key: 'Stage', value: label(REFERRAL_STAGES, referral.referral_stage) },
    { key: 'Domestic violence', value: yesNo(referral.domestic_violence) },
    referral.reason !== undefined ? { key: 'Reason', value: referral.reason } : null,
    { key: 'Referred by', value: referral.referrer_name || referrer },
    referral.accepted_on ? { key: 'Accepted on', value: formatDate(referral.accepted_on) } : null,
    referral.declined_on ? { key: 'Declined on', value: formatDate(referral.declined_on) } : null,
    referral.decline_reason ? { key: 'Reason for declining', value: label(DECLINE_REASONS, referral.decline_reason) } : null,
    referral.decline_note ? { key: 'Notes on declining', value: referral.decline_note } : null,
    referral.coordinator_id ? { key: 'Coordinator', value: coordinator || `User ${referral.coordinator_id}` } : null,
    referral.allocated_on ? { key: 'Allocated on', value: formatDate(referral.allocated_on) } : null,
    referral.preparation_started_on ? { key: 'Preparation started on', value: formatDate(referral.preparation_started_on) } : null,
    referral.network_members_contacted !== null && referral.network_members_contacted !== undefined
      ? { key: 'Network members contacted', value: String(referral.network_members_contacted) } : null,
    referral.closed_on ? { key: 'Closed on', value: formatDate(referral.closed_on) } : null,
    referral.closure_reason ? { key: 'Reason for closing', value: label(CLOSURE_REASONS, referral.closure_reason) } : null,
    referral.closure_note ? { key: 'Notes on closing', value: referral.closure_note } : null,
  ])}
<h2 class="govuk-heading-m">Conferences</h2>
${conferences.length ? conferences.map(conferenceSection) : html`<p class="govuk-body">No conference has been held yet.</p>`}
<h2 class="govuk-heading-m">Family plan</h2>
${planSection(ctx, referral)}
<h2 class="govuk-heading-m">History</h2>
${historyTable(referral)}`,
  });
}
