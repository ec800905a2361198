// Shared parts of the administrator's pages: their sub-navigation, headings, money and lists.
import { getAll } from '../../api.js';
import { html } from '../../html.js';
import { subNavigation } from '../../components/sub-navigation.js';

// The sections of "Admin", in the order of the sub-navigation.
export const ADMIN_SECTIONS = [
  { href: '/admin/users', text: 'Users', description: 'Add people, change their role, team or whether they can sign in, and issue API tokens.' },
  { href: '/admin/teams', text: 'Teams', description: 'The teams that users and children belong to.' },
  { href: '/admin/areas', text: 'Areas', description: 'The local authority, its clusters, and population estimates by year.' },
  { href: '/admin/area-groups', text: 'Area groups', description: 'Groups of clusters, such as the targeted clusters, that indicators compare.' },
  { href: '/admin/targets', text: 'Targets', description: 'Targets for indicators and for restorative-practice training.' },
  { href: '/admin/unit-costs', text: 'Unit costs', description: 'The weekly costs the cost-benefit analysis uses.' },
];

// Pages of a section that live at other addresses (a target's page belongs to "Targets").
const ALSO = { '/admin/targets': ['/admin/indicator-targets', '/admin/training-targets'] };

function inSection(href, path) {
  return [href, ...(ALSO[href] || [])].some((base) => path === base || path.startsWith(`${base}/`));
}

// The sub-navigation of the administrator's pages, with the current section marked.
export function adminNavigation(path) {
  const pathname = path.split('?')[0];
  return subNavigation('Administration', ADMIN_SECTIONS.map(({ href, text }) => ({ href, text, current: inSection(href, pathname) })));
}

// The top of a section's page: the caption, the heading and the sub-navigation.
export function adminHeading(ctx, heading) {
  return html`<span class="govuk-caption-l">Administration</span>
<h1 class="govuk-heading-l">${heading}</h1>
${adminNavigation(ctx.path)}`;
}

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const WHOLE_POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

// "£646" or "£645.50".
export function formatPounds(value) {
  if (value === null || value === undefined || value === '') return '';
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  return Number.isInteger(number) ? WHOLE_POUNDS.format(number) : POUNDS.format(number);
}

// What was typed as an amount of money: a number when it reads as one ("£1,250.50" is
// 1250.5), otherwise the text as typed, so that the API says what is wrong with it.
export function amountFromText(text) {
  const plain = String(text ?? '').trim().replace(/^£/, '').replace(/,/g, '');
  return /^\d+(\.\d+)?$/.test(plain) ? Number(plain) : String(text ?? '').trim();
}

// "Armley (LS-ARM)".
export const areaText = (area) => `${area.name} (${area.code})`;

// Every local authority and every cluster, for choosing one.
export async function allAreas() {
  const [authorities, clusters] = await Promise.all([
    getAll('/api/v1/areas', { kind: 'local_authority' }),
    getAll('/api/v1/areas', { kind: 'cluster' }),
  ]);
  return { authorities, clusters };
}
