// A child's record: details, family network, FGC referrals and the chronology of what has happened.
import { get, query } from '../api.js';
import { html } from '../html.js';
import { ETHNICITY, REFERRAL_STAGES, RELATIONSHIPS, SEX, label } from '../codes.js';
import { buttonGroup, buttonLink } from '../components/button.js';
import { summaryList } from '../components/summary-list.js';
import { table } from '../components/table.js';
import { referralStatusTag } from '../components/tag.js';
import { ageInYears, childName, formatDate, yesNo } from '../format.js';
import { todayIso } from '../dates.js';
import { can } from '../roles.js';

function dateOfBirth(child) {
  const age = ageInYears(child.date_of_birth, todayIso());
  const born = formatDate(child.date_of_birth);
  if (age === null) return `${born} (expected date of delivery)`;
  return `${born} (${age} ${age === 1 ? 'year' : 'years'} old)`;
}

export async function childPage(ctx) {
  const id = ctx.params.id;
  const [child, chronology, referrals] = await Promise.all([
    get(`/api/v1/children/${id}`).then((r) => r.body),
    get(`/api/v1/children/${id}/chronology`).then((r) => r.body),
    get(`/api/v1/referrals${query({ child_id: id, limit: 200 })}`).then((r) => r.body),
  ]);
  const name = childName(child);
  const writes = can(ctx.user, 'writeCases');
  const network = child.network_members || [];

  ctx.show({
    title: name,
    back: { href: '/cases', text: ctx.user.role === 'social_worker' ? 'Back to my cases' : 'Back to children' },
    body: html`<span class="govuk-caption-l">Child’s record</span>
<h1 class="govuk-heading-l">${name}</h1>
${writes ? buttonGroup(
    buttonLink('Refer for a family group conference', `/children/${id}/refer`),
    buttonLink('Record a status change', `/children/${id}/status`, { secondary: true }),
    buttonLink('Add someone to the family network', `/children/${id}/network-members/new`, { secondary: true }),
  ) : ''}
<h2 class="govuk-heading-m">Details</h2>
${summaryList([
    { key: 'Date of birth', value: dateOfBirth(child) },
    { key: 'Sex', value: label(SEX, child.sex) },
    { key: 'Ethnicity', value: label(ETHNICITY, child.ethnicity) },
    { key: 'Area', value: child.area },
    { key: 'Unique pupil number', value: child.upn },
    { key: 'Record number', value: String(child.id) },
  ])}

<h2 class="govuk-heading-m">Family group conference referrals</h2>
${referrals.items.length
    ? table({
      caption: `Referrals for ${name}`,
      captionSize: 's',
      columns: [{ text: 'Referral' }, { text: 'Referred on' }, { text: 'Stage' }, { text: 'Status' }],
      rows: referrals.items.map((r) => [
        html`<a class="govuk-link" href="/referrals/${r.id}">Referral ${r.id}</a>`,
        formatDate(r.referred_on),
        label(REFERRAL_STAGES, r.referral_stage),
        referralStatusTag(r.status),
      ]),
    })
    : html`<p class="govuk-body">${name} has not been referred for a family group conference.</p>`}

<h2 class="govuk-heading-m">Family network</h2>
${network.length
    ? table({
      caption: `People in ${name}’s family network`,
      captionSize: 's',
      columns: [{ text: 'Name' }, { text: 'Relationship' }, { text: 'Lives with the child' }, { text: 'Notes' }],
      rows: network.map((m) => [m.full_name || `Person ${m.id}`, label(RELATIONSHIPS, m.relationship), yesNo(m.lives_with_child), m.notes || '']),
    })
    : html`<p class="govuk-body">No one has been recorded in the family network yet.</p>`}

<h2 class="govuk-heading-m">Chronology</h2>
${chronology.items.length
    ? table({
      caption: `What has happened to ${name}, oldest first`,
      captionSize: 's',
      columns: [{ text: 'Date' }, { text: 'What happened' }],
      rows: chronology.items.map((item) => [html`<span class="app-nowrap">${formatDate(item.date)}</span>`, chronologyText(item)]),
    })
    : html`<p class="govuk-body">Nothing has been recorded yet.</p>`}`,
  });
}

// An item's title, with a link to the referral it came from.
function chronologyText(item) {
  const source = item.source || {};
  if (source.referral_id) {
    return html`${item.title} <a class="govuk-link" href="/referrals/${source.referral_id}">Referral ${source.referral_id}</a>`;
  }
  return item.title;
}
