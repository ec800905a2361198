// Areas: local authorities and their clusters, adding and renaming them, and population estimates by year and vintage.
import { get, getAll, patch, post, query, request } from '../../api.js';
import { html } from '../../html.js';
import { buttonGroup, buttonLink } from '../../components/button.js';
import { summaryList } from '../../components/summary-list.js';
import { table } from '../../components/table.js';
import { formatDateTime } from '../../format.js';
import { formPage } from '../../forms/form-page.js';
import { adminHeading } from './common.js';

const KINDS = { local_authority: 'Local authority', cluster: 'Cluster' };
const areaHref = (code) => `/admin/areas/${encodeURIComponent(code)}`;
const areaApi = (code) => `/api/v1/areas/${encodeURIComponent(code)}`;
const NUMBER = new Intl.NumberFormat('en-GB');

export async function areasPage(ctx) {
  const authorities = await getAll('/api/v1/areas', { kind: 'local_authority' });
  ctx.show({
    title: 'Areas',
    body: html`${adminHeading(ctx, 'Areas')}
<p class="govuk-body">Children belong to a cluster of a local authority. Indicators are counted for each, with rates from the population estimates. Open a local authority to see and add its clusters.</p>
${buttonLink('Add a local authority', '/admin/areas/new', { secondary: true })}
${authorities.length
    ? table({
      caption: 'Local authorities',
      captionSize: 's',
      columns: [{ text: 'Name' }, { text: 'ONS code' }],
      rows: authorities.map((a) => [html`<a class="govuk-link" href="${areaHref(a.code)}">${a.name}</a>`, a.code]),
    })
    : html`<p class="govuk-body">There are no local authorities yet.</p>`}`,
  });
}

export async function areaPage(ctx) {
  const area = (await get(areaApi(ctx.params.code))).body;
  const isAuthority = area.kind === 'local_authority';
  const clusters = area.clusters || [];
  const populations = [...(area.populations || [])].sort((a, b) => b.year - a.year || String(a.vintage).localeCompare(String(b.vintage)));
  const base = areaHref(area.code);
  ctx.show({
    title: `${KINDS[area.kind] || 'Area'}: ${area.name}`,
    back: isAuthority ? { href: '/admin/areas', text: 'Back to areas' } : { href: areaHref(area.parent), text: 'Back to the local authority' },
    body: html`<span class="govuk-caption-l">${KINDS[area.kind] || 'Area'}</span>
<h1 class="govuk-heading-l">${area.name}</h1>
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${summaryList([
    { key: 'Name', value: area.name, action: { href: `${base}/rename`, text: 'Change', hidden: 'name' } },
    { key: isAuthority ? 'ONS code' : 'Code', value: area.code },
    isAuthority ? null : { key: 'Local authority', value: html`<a class="govuk-link" href="${areaHref(area.parent)}">${area.parent}</a>` },
  ])}
</div></div>
${isAuthority ? html`<h2 class="govuk-heading-m">Clusters</h2>
${buttonGroup(
    buttonLink('Add a cluster', `${base}/clusters/new`, { secondary: true }),
    clusters.length ? buttonLink('Create an area group from these clusters', `/admin/area-groups/new${query({ authority: area.code })}`, { secondary: true }) : '',
  )}
${clusters.length
    ? table({
      caption: `Clusters of ${area.name}`,
      captionSize: 's',
      columns: [{ text: 'Name' }, { text: 'Code' }],
      rows: clusters.map((c) => [html`<a class="govuk-link" href="${areaHref(c.code)}">${c.name}</a>`, c.code]),
    })
    : html`<p class="govuk-body">${area.name} has no clusters yet.</p>`}` : ''}
<h2 class="govuk-heading-m">Population estimates</h2>
<p class="govuk-body">ONS mid-year estimates of the number of children aged 0 to 17, used for rates. Estimates are revised, so each is kept with the release (vintage) it came from.</p>
${buttonLink('Add a population estimate', `${base}/populations/new`, { secondary: true })}
${populations.length
    ? table({
      caption: `Population estimates for ${area.name}`,
      captionSize: 's',
      columns: [{ text: 'Year' }, { text: 'Children aged 0 to 17', numeric: true }, { text: 'Vintage' }, { text: 'Loaded' }, { text: 'Action' }],
      rows: populations.map((p) => [
        String(p.year),
        NUMBER.format(p.population_0_17),
        p.vintage,
        formatDateTime(p.loaded_at),
        html`<a class="govuk-link" href="${base}/populations/new${query({ year: p.year, vintage: p.vintage })}">Change<span class="govuk-visually-hidden"> the ${p.year} estimate (${p.vintage})</span></a>`,
      ]),
    })
    : html`<p class="govuk-body">No population estimates have been loaded for ${area.name}.</p>`}`,
  });
}

const codeHint = 'Letters, digits and hyphens, 2 to 32 of them, such as LS-ARM';

export async function authorityNewPage(ctx) {
  formPage(ctx, {
    title: 'Add a local authority',
    caption: 'Administration',
    fields: [
      { type: 'text', name: 'name', label: 'Name', errorName: 'the name', hint: 'Such as Leeds', autocomplete: 'off', width: 20 },
      { type: 'text', name: 'code', label: 'ONS code', errorName: 'the ONS code', hint: 'A letter E, W, S or N and 8 digits, such as E08000035 for Leeds', autocomplete: 'off', spellcheck: false, width: 10 },
    ],
    submitText: 'Add local authority',
    back: { href: '/admin/areas', text: 'Back to areas' },
    cancel: { href: '/admin/areas', text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/areas', { ...body, kind: 'local_authority' }, { idempotencyKey }),
    done: ({ body }) => ctx.navigate(areaHref(body.code), { flash: { heading: `${body.name} has been added`, text: 'Next, add its clusters.' } }),
  });
}

export async function clusterNewPage(ctx) {
  const parent = (await get(areaApi(ctx.params.code))).body;
  const back = { href: areaHref(parent.code), text: 'Back' };
  formPage(ctx, {
    title: 'Add a cluster',
    caption: parent.name,
    fields: [
      { type: 'text', name: 'name', label: 'Name', errorName: 'the name', hint: 'Such as Armley cluster', autocomplete: 'off', width: 20 },
      { type: 'text', name: 'code', label: 'Code', errorName: 'the code', hint: codeHint, autocomplete: 'off', spellcheck: false, width: 20 },
    ],
    submitText: 'Add cluster',
    back,
    cancel: { ...back, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/areas', { ...body, kind: 'cluster', parent: parent.code }, { idempotencyKey }),
    done: ({ body }) => ctx.navigate(areaHref(parent.code), { flash: { heading: `${body.name} has been added` } }),
  });
}

export async function areaRenamePage(ctx) {
  const area = (await get(areaApi(ctx.params.code))).body;
  const back = { href: areaHref(area.code), text: 'Back' };
  formPage(ctx, {
    title: `Rename ${area.kind === 'cluster' ? 'a cluster' : 'a local authority'}`,
    caption: `${area.name} (${area.code})`,
    fields: [{ type: 'text', name: 'name', label: 'Name', errorName: 'the name', autocomplete: 'off', width: 20 }],
    values: { name: area.name },
    submitText: 'Save name',
    back,
    cancel: { ...back, text: 'Cancel' },
    submit: (body) => patch(areaApi(area.code), body, { ifMatch: area.version }),
    done: ({ body }) => ctx.navigate(areaHref(body.code), { flash: { heading: 'Name changed', text: `It is now ${body.name}.` } }),
  });
}

export async function populationNewPage(ctx) {
  const area = (await get(areaApi(ctx.params.code))).body;
  const back = { href: areaHref(area.code), text: 'Back' };
  const year = ctx.query.get('year') || '';
  const vintage = ctx.query.get('vintage') || '';
  const existing = (area.populations || []).find((p) => String(p.year) === year && p.vintage === vintage);
  const fields = [
    { type: 'integer', name: 'year', label: 'Year', errorName: 'the year', hint: 'The mid-year of the estimate, such as 2024', width: 4 },
    { type: 'integer', name: 'population_0_17', label: 'Number of children aged 0 to 17', errorName: 'the number of children', width: 10 },
    { type: 'text', name: 'vintage', label: 'Vintage', errorName: 'the vintage', hint: 'Which ONS release the estimate comes from, such as mid-2024 (July 2025). An estimate of the same year and vintage is replaced; another vintage is kept beside it.', autocomplete: 'off', width: 20 },
  ];
  formPage(ctx, {
    title: existing ? 'Change a population estimate' : 'Add a population estimate',
    caption: `${area.name} (${area.code})`,
    fields,
    values: {
      year,
      population_0_17: existing ? String(existing.population_0_17) : '',
      vintage,
    },
    submitText: 'Save estimate',
    back,
    cancel: { ...back, text: 'Cancel' },
    // The year is part of the address, so it is checked before sending.
    validate: (body) => {
      if (body.year === undefined) return [{ field: 'year', message: 'Is required' }];
      if (typeof body.year !== 'number') return [{ field: 'year', message: 'Must be a year written as 4 digits, such as 2024' }];
      return [];
    },
    submit: ({ year: y, ...body }) => request('PUT', `${areaApi(area.code)}/populations/${y}`, { body }),
    done: ({ status, body }) => ctx.navigate(areaHref(area.code), {
      flash: { heading: status === 201 ? 'Population estimate added' : 'Population estimate replaced', text: `${body.year}, ${body.vintage}: ${NUMBER.format(body.population_0_17)} children aged 0 to 17.` },
    }),
  });
}
