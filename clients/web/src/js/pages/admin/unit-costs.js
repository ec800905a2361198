// Unit costs: the weekly cost per child of each status that the cost-benefit analysis uses; setting one, or going back to the default.
import { get, request } from '../../api.js';
import { html } from '../../html.js';
import { table } from '../../components/table.js';
import { tag } from '../../components/tag.js';
import { formatDateTime } from '../../format.js';
import { formPage } from '../../forms/form-page.js';
import { notFoundView } from '../problems.js';
import { adminHeading, amountFromText, formatPounds } from './common.js';

const BACK = { href: '/admin/unit-costs', text: 'Back to unit costs' };
const costApi = (status) => `/api/v1/unit-costs/${encodeURIComponent(status)}`;

async function unitCosts() {
  return (await get('/api/v1/unit-costs')).body.items;
}

// The unit cost of the status in the address, or null (the page then says "Record not found").
async function unitCost(ctx) {
  const items = await unitCosts();
  const item = items.find((i) => i.status === ctx.params.status);
  if (!item) ctx.show(notFoundView({}));
  return item || null;
}

function fromText(item) {
  return item.from === 'stored'
    ? html`${item.source}<br><span class="govuk-hint govuk-!-margin-bottom-0">Set by ${item.updated_by || 'the command line'}, ${formatDateTime(item.updated_at)}</span>`
    : html`${tag('Default', 'grey')} From fgcd’s configuration file`;
}

export async function unitCostsPage(ctx) {
  const items = await unitCosts();
  ctx.show({
    title: 'Unit costs',
    body: html`${adminHeading(ctx, 'Unit costs')}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <p class="govuk-body">The cost-benefit analysis counts the weeks each child spends in the social care system after a family group conference, or without one, and costs each week at the unit cost of the child’s status that week. Where no cost is set here, the default in fgcd’s configuration file is used.</p>
  <p class="govuk-body">Use your local authority’s own figures where you have them, and say where each comes from: the analysis shows it.</p>
</div></div>
${table({
    caption: 'Cost per child per week',
    captionSize: 's',
    columns: [{ text: 'Status' }, { text: 'Per week', numeric: true }, { text: 'Where it comes from' }, { text: 'Action' }],
    rows: items.map((item) => [
      item.name,
      formatPounds(item.pounds_per_week),
      fromText(item),
      html`<a class="govuk-link" href="/admin/unit-costs/${item.status}">Change<span class="govuk-visually-hidden"> the cost of ${item.name.toLowerCase()}</span></a>`,
    ]),
  })}`,
  });
}

export async function unitCostEditPage(ctx) {
  const item = await unitCost(ctx);
  if (!item) return;
  const stored = item.from === 'stored';
  formPage(ctx, {
    title: `Change the unit cost: ${item.name.toLowerCase()}`,
    heading: `${item.name}: cost per week`,
    caption: 'Unit costs',
    intro: html`<p class="govuk-body">The default in fgcd’s configuration file is ${formatPounds(item.configured_pounds_per_week)} a week.${stored ? html` The analysis uses ${formatPounds(item.pounds_per_week)}, set by ${item.updated_by || 'the command line'}.` : ''}</p>
${stored ? html`<p class="govuk-body"><a class="govuk-link" href="/admin/unit-costs/${item.status}/default">Use the default of ${formatPounds(item.configured_pounds_per_week)} instead</a></p>` : ''}`,
    fields: [
      { type: 'text', name: 'pounds_per_week', label: 'Cost per child per week, in pounds', errorName: 'the cost per week', hint: 'For example, 646 or 645.50', autocomplete: 'off', spellcheck: false, width: 10, labelClass: 'govuk-label--s' },
      { type: 'textarea', name: 'source', label: 'Where the figure comes from', errorName: 'where the figure comes from', hint: 'The report, budget or calculation, and the year of its prices. For example, Leeds fostering budget 2025-26, average weekly cost of a placement', maxlength: 500, rows: 3, labelClass: 'govuk-label--s' },
    ],
    values: { pounds_per_week: String(item.pounds_per_week), source: stored ? item.source : '' },
    submitText: 'Save cost',
    back: BACK,
    cancel: { ...BACK, text: 'Cancel' },
    // Once a cost is stored, a change names the version this page loaded (412 if it is stale).
    submit: (body) => request('PUT', costApi(item.status), {
      body: body.pounds_per_week === undefined ? body : { ...body, pounds_per_week: amountFromText(body.pounds_per_week) },
      ifMatch: stored ? item.version : null,
    }),
    done: ({ body }) => ctx.navigate('/admin/unit-costs', {
      flash: { heading: 'Unit cost saved', text: `The cost-benefit analysis now costs a week of ${body.name.toLowerCase()} at ${formatPounds(body.pounds_per_week)}.` },
    }),
  });
}

export async function unitCostDefaultPage(ctx) {
  const item = await unitCost(ctx);
  if (!item) return;
  if (item.from !== 'stored') {
    ctx.show({
      title: 'The default is already used',
      back: BACK,
      body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <h1 class="govuk-heading-l">The default is already used</h1>
  <p class="govuk-body">No cost is set for ${item.name.toLowerCase()}, so the analysis uses the default of ${formatPounds(item.configured_pounds_per_week)} a week from fgcd’s configuration file.</p>
  <p class="govuk-body"><a class="govuk-link" href="/admin/unit-costs">Back to unit costs</a></p>
</div></div>`,
    });
    return;
  }
  formPage(ctx, {
    title: `Use the default unit cost: ${item.name.toLowerCase()}`,
    heading: `Use the default cost for ${item.name.toLowerCase()}?`,
    caption: 'Unit costs',
    intro: html`<p class="govuk-body">The analysis will cost a week of ${item.name.toLowerCase()} at ${formatPounds(item.configured_pounds_per_week)}, the default in fgcd’s configuration file, instead of ${formatPounds(item.pounds_per_week)} (${item.source}).</p>
<p class="govuk-body">The audit log keeps the cost that was set.</p>`,
    fields: [],
    submitText: 'Use the default',
    back: { href: `/admin/unit-costs/${item.status}`, text: 'Back' },
    cancel: { ...BACK, text: 'Cancel' },
    submit: () => request('DELETE', costApi(item.status), { ifMatch: item.version }),
    done: ({ body }) => ctx.navigate('/admin/unit-costs', {
      flash: { heading: 'Default cost used', text: `The cost-benefit analysis now costs a week of ${body.name.toLowerCase()} at ${formatPounds(body.pounds_per_week)}.` },
    }),
  });
}
