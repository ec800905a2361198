// The referral queue: referrals by status (tabs), newest last, a page at a time.
import { get, query } from '../api.js';
import { html } from '../html.js';
import { REFERRAL_STAGES, REFERRAL_STATUSES, label } from '../codes.js';
import { pagination } from '../components/pagination.js';
import { subNavigation } from '../components/sub-navigation.js';
import { table } from '../components/table.js';
import { referralStatusTag } from '../components/tag.js';
import { childName, formatDate, yesNo } from '../format.js';
import { can } from '../roles.js';

const PAGE_SIZE = 25;
const TABS = [
  ['referred', 'New'],
  ['accepted', 'Accepted'],
  ['allocated', 'Allocated'],
  ['preparing', 'Preparing'],
  ['conference_held', 'Conference held'],
  ['plan_agreed', 'Plan agreed'],
  ['plan_not_agreed', 'Plan not agreed'],
  ['reviewed', 'Reviewed'],
  ['closed', 'Closed'],
  ['declined', 'Declined'],
  ['all', 'All'],
];

// The main child's name when the list gives it (as GET /api/v1/referrals/{id} does in
// `children`), otherwise their record number.
function primaryChildName(referral) {
  const primary = (referral.children || []).find((c) => c.primary) || null;
  return primary && primary.first_name ? childName(primary) : `Child ${referral.child_id}`;
}

export async function referralsPage(ctx) {
  const staff = can(ctx.user, 'takeSteps');
  const asked = ctx.query.get('status');
  const status = TABS.some(([value]) => value === asked) ? asked : (staff ? 'referred' : 'all');
  const cursor = ctx.query.get('cursor') || '';
  const params = { status: status === 'all' ? '' : status, cursor, limit: PAGE_SIZE };
  const { body } = await get(`/api/v1/referrals${query(params)}`);
  const tabName = TABS.find(([value]) => value === status)[1];
  const listHref = (extra) => `/referrals${query({ status, ...extra })}`;
  const mine = ctx.user.role === 'social_worker';

  const rows = body.items.map((r) => [
    html`<a class="govuk-link app-nowrap" href="/referrals/${r.id}">Referral ${r.id}</a>`,
    html`<a class="govuk-link" href="/children/${r.child_id}">${primaryChildName(r)}</a>${r.child_ids && r.child_ids.length > 1 ? html` and ${r.child_ids.length - 1} more` : ''}`,
    html`<span class="app-nowrap">${formatDate(r.referred_on)}</span>`,
    label(REFERRAL_STAGES, r.referral_stage),
    yesNo(r.domestic_violence),
    referralStatusTag(r.status),
  ]);
  const statusWords = status === 'all' ? '' : ` with status ‘${label(REFERRAL_STATUSES, status)}’`;

  ctx.show({
    title: status === 'all' ? 'Referrals' : `Referrals: ${tabName}`,
    body: html`<h1 class="govuk-heading-l">Referrals</h1>
${mine ? html`<p class="govuk-body">Referrals for family group conferences about the children you can see. To make a referral, go to the child’s record in <a class="govuk-link" href="/cases">My cases</a>.</p>` : ''}
${subNavigation('Referrals by status', TABS.map(([value, text]) => ({ href: `/referrals${query({ status: value })}`, text, current: value === status })))}
${rows.length
    ? table({
      caption: `${status === 'all' ? 'All referrals' : tabName}${cursor ? ' (continued)' : ''}`,
      captionSize: 'm',
      columns: [{ text: 'Referral' }, { text: 'Child' }, { text: 'Referred on' }, { text: 'Stage' }, { text: 'Domestic violence' }, { text: 'Status' }],
      rows,
    })
    : html`<p class="govuk-body">There are no ${cursor ? 'more ' : ''}referrals${statusWords}.</p>`}
${pagination({
    firstHref: cursor ? listHref({}) : null,
    nextHref: body.next_cursor ? listHref({ cursor: body.next_cursor }) : null,
  })}`,
  });
}
