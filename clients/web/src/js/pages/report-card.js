// An OBA report card for one key measure: baseline, forecast band, actual, target, whether the curve has turned, and the clusters compared.
import { ApiError, get, getAll, query } from '../api.js';
import { html } from '../html.js';
import { lineChart } from '../components/line-chart.js';
import { select } from '../components/select.js';
import { summaryList } from '../components/summary-list.js';
import { table } from '../components/table.js';
import { tag } from '../components/tag.js';
import { todayIso } from '../dates.js';
import { formatDate } from '../format.js';
import { shortDate } from '../training.js';
import {
  PERIODS, SUPPRESSED_TEXT, canCompareWithRest, changeSentence, formatValue, isSuppressed, numeric, reportingYear, reportingYearName,
} from '../dashboard.js';
import { notFoundView } from './problems.js';

const POSITIONS = { better: 'Better than forecast', worse: 'Worse than forecast', within: 'Within the band', above: 'Above the band', below: 'Below the band', 'not known': 'Not known' };

function shown(point) {
  return isSuppressed(point) ? 'c' : point.value;
}

function turnTag(turn) {
  if (!turn || turn.turned === null || turn.turned === undefined) return tag('Cannot be judged', 'grey');
  return turn.turned ? tag('Turned', 'green') : tag('Not turned', 'orange');
}

function chart(card, measure, title) {
  const base = card.baseline.points || [];
  const actual = card.actual || [];
  const all = [...base, ...actual];
  if (all.length < 2) return '';
  const clamp = (v) => (v === null ? null : Math.max(0, v));
  const targetAt = new Map(((card.target && card.target.line) || []).map((p) => [p.period_end, p.value]));
  const series = [
    { name: 'Baseline and actual', values: all.map((p) => numeric(shown(p))) },
    { name: 'Baseline trend and forecast', values: [...base.map((p) => clamp(numeric(p.trend))), ...actual.map((p) => clamp(numeric(p.forecast)))] },
  ];
  if (card.target) series.push({ name: 'Target line', values: all.map((p) => (targetAt.has(p.period_end) ? numeric(targetAt.get(p.period_end)) : null)) });
  return lineChart({
    id: 'report-card-chart',
    title,
    summary: `${card.turn && card.turn.summary ? card.turn.summary : ''} The figures for each period, with the forecast's 95% band, are in the table ‘${measure.name} by period’ below the chart.`,
    labels: all.map((p) => shortDate(p.period_start)),
    series,
    xLabel: 'Period beginning',
    yLabel: card.unit === '%' ? 'Per cent' : card.unit || '',
  });
}

function periodsTable(card, measure) {
  const targetAt = new Map(((card.target && card.target.line) || []).map((p) => [p.period_end, p.value]));
  const fmt = (v) => (v === null || v === undefined ? '' : formatValue(v, measure));
  const rows = [
    ...(card.baseline.points || []).map((p) => ['Baseline', p, fmt(p.trend), '', '', '']),
    ...(card.actual || []).map((p) => ['Actual', p, fmt(p.forecast), p.low === null || p.low === undefined ? '' : `${fmt(p.low)} to ${fmt(p.high)}`, targetAt.has(p.period_end) ? fmt(targetAt.get(p.period_end)) : '', POSITIONS[p.position] || p.position || '']),
  ];
  return table({
    caption: `${measure.name} by period`,
    captionSize: 's',
    columns: [{ text: 'Period beginning' }, { text: 'Part' }, { text: 'Value', numeric: true }, { text: 'Trend or forecast', numeric: true }, { text: '95% band' }, { text: 'Target', numeric: true }, { text: 'Against the forecast' }],
    rows: rows.map(([part, p, forecast, band, target, position]) => [html`<span class="app-nowrap">${formatDate(p.period_start)}</span>`, part, formatValue(shown(p), measure), forecast, band, target, position]),
  });
}

// The measure for every cluster of the authority (and children known only at authority level),
// in the last two complete reporting years, with disclosure control.
async function clusterTable(indicator, measure, authority, today) {
  const last = reportingYear(today) - 1;
  let body;
  try {
    body = (await get(`/api/v1/indicators/${encodeURIComponent(indicator)}/series${query({ area: authority.code, areas: 'all-clusters', period: 'year', from: `${last - 2}-04-01`, to: `${last}-03-31`, suppress: true })}`)).body;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return html`<p class="govuk-body">The clusters could not be compared just now.</p>`;
  }
  const series = body.series || [];
  if (!series.length) return html`<p class="govuk-body">${authority.name} has no clusters.</p>`;
  const years = (series[0].points || []).map((p) => p.period_start);
  const names = years.map((start) => reportingYearName(reportingYear(start)));
  return table({
    caption: `${measure.name} by cluster, ${names.join(' and ')}`,
    captionSize: 's',
    firstCellIsHeader: true,
    columns: [{ text: 'Cluster' }, ...names.map((n) => ({ text: n, numeric: true })), { text: 'Change' }],
    rows: series.map((s) => {
      const values = (s.points || []).map(shown);
      const change = values.length >= 2 ? changeSentence(values[values.length - 1], values[values.length - 2], measure).replace(/ from a year ago/, '').replace(/^No comparison with a year ago: a figure is hidden to protect privacy\.$/, 'Not shown (c)').replace(/^No figure for a year ago to compare with\.$/, '') : '';
      return [s.area.name, ...values.map((v) => formatValue(v, measure)), change];
    }),
  });
}

export async function reportCardPage(ctx) {
  const indicator = ctx.params.indicator;
  const [catalogue, authorities] = await Promise.all([get('/api/v1/indicators').then((r) => r.body.items), getAll('/api/v1/areas', { kind: 'local_authority' })]);
  const measure = catalogue.find((i) => i.id === indicator);
  if (!measure) {
    ctx.show(notFoundView());
    return;
  }
  const authority = authorities.find((a) => a.code === ctx.query.get('area')) || authorities[0];
  if (!authority) {
    ctx.show({ title: measure.name, back: { href: '/dashboard', text: 'Back to the dashboard' }, body: html`<h1 class="govuk-heading-l">${measure.name}</h1><p class="govuk-body">There are no local authorities yet. Administrators add them.</p>` });
    return;
  }
  const [clusters, groups] = await Promise.all([
    getAll('/api/v1/areas', { kind: 'cluster' }).then((all) => all.filter((a) => a.parent === authority.code)),
    getAll('/api/v1/area-groups').catch((error) => {
      if (error instanceof ApiError && error.status === 401) throw error;
      return [];
    }),
  ]);
  const today = todayIso();
  const thisYear = reportingYear(today);
  const baselineYears = [];
  for (let y = thisYear - 1; y >= thisYear - 8; y--) baselineYears.push(y);
  const scopes = [
    { value: '', text: `${authority.name} (the whole authority)` },
    ...groups.map((g) => ({ value: `group:${g.id}`, text: `Group: ${g.name}` })),
    ...clusters.map((c) => ({ value: `cluster:${c.code}`, text: `Cluster: ${c.name}` })),
  ];
  const scope = scopes.some((s) => s.value === ctx.query.get('scope')) ? ctx.query.get('scope') : '';
  const compare = ctx.query.get('compare') === 'rest' && canCompareWithRest(scope) ? 'rest' : '';
  const baseline = baselineYears.includes(Number(ctx.query.get('baseline'))) ? Number(ctx.query.get('baseline')) : thisYear - 1;
  const period = Object.prototype.hasOwnProperty.call(PERIODS, ctx.query.get('period')) ? ctx.query.get('period') : 'month';
  const where = scope.startsWith('group:') ? { group: scope.slice(6) } : { area: scope.startsWith('cluster:') ? scope.slice(8) : authority.code };
  const card = (await get(`/api/v1/indicators/${encodeURIComponent(indicator)}/report-card${query({
    ...where, compare, baseline_from: `${baseline - 1}-04-01`, baseline_to: `${baseline}-03-31`, period, suppress: true,
  })}`)).body;
  const areaName = (scopes.find((s) => s.value === scope) || scopes[0]).text.replace(/^(Group|Cluster): /, '').replace(/ \(the whole authority\)$/, '');
  const title = `${measure.name}: ${areaName}`;
  const latest = (card.actual || [])[card.actual.length - 1];
  const target = card.target;
  const significance = card.significance || {};
  const anySuppressed = [...(card.baseline.points || []), ...(card.actual || [])].some(isSuppressed);
  const href = (extra) => `/dashboard/${encodeURIComponent(indicator)}${query({ area: authority.code, scope, compare, baseline, period, ...extra })}`;

  ctx.show({
    title: `Report card: ${title}`,
    back: { href: `/dashboard${query({ area: authority.code })}`, text: 'Back to the dashboard' },
    body: html`<span class="govuk-caption-l">Report card: ${areaName}</span>
<h1 class="govuk-heading-l">${measure.name}</h1>
<div class="app-search-wrapper"><form method="get" class="app-search app-report-card-filter" aria-label="Choose what the report card shows">
  ${authorities.length > 1 ? select({ name: 'area', label: 'Local authority', value: authority.code, options: authorities.map((a) => ({ value: a.code, text: a.name })), placeholder: 'Choose', labelClass: 'govuk-label--s' }) : html`<input type="hidden" name="area" value="${authority.code}">`}
  ${select({ name: 'scope', label: 'Area or group', value: scope, options: scopes.slice(1), placeholder: scopes[0].text, labelClass: 'govuk-label--s' })}
  ${select({ name: 'compare', label: 'Compare with', value: compare, options: [{ value: 'rest', text: 'The rest of the authority (a group or cluster)' }], placeholder: 'Nothing', labelClass: 'govuk-label--s' })}
  ${select({ name: 'baseline', label: 'Baseline year', value: String(baseline), options: baselineYears.map((y) => ({ value: String(y), text: reportingYearName(y) })), placeholder: 'Choose', labelClass: 'govuk-label--s' })}
  ${select({ name: 'period', label: 'Period', value: period, options: Object.entries(PERIODS).map(([value, text]) => ({ value, text })), placeholder: 'Choose', labelClass: 'govuk-label--s' })}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Show report card</button>
</form></div>
<div class="govuk-inset-text app-report-card__turn"><p class="govuk-body">${turnTag(card.turn)} ${card.turn ? card.turn.summary : ''}</p>${card.trend_note ? html`<p class="govuk-body">${card.trend_note}</p>` : ''}</div>
${summaryList([
    { key: 'Definition', value: measure.definition },
    { key: 'Baseline', value: `${formatDate(card.baseline.from)} to ${formatDate(card.baseline.to)} (${reportingYearName(baseline)}), by ${PERIODS[period].toLowerCase()}` },
    { key: 'Latest', value: latest ? `${formatValue(shown(latest), measure)} in the period beginning ${formatDate(latest.period_start)}${latest.forecast !== null && latest.forecast !== undefined ? `; forecast ${formatValue(latest.forecast, measure)} (95% band ${formatValue(latest.low, measure)} to ${formatValue(latest.high, measure)})` : ''}` : 'No figures after the baseline yet' },
    { key: 'Target', value: target ? `${formatValue(target.value, measure)} by ${formatDate(target.date)}${target.latest ? (target.latest.on_track ? ': on track' : ': not on track') : ''}` : 'No target has been set. Administrators set targets.' },
    { key: 'Better is', value: measure.lower_is_better === null ? 'Neither higher nor lower' : measure.lower_is_better ? 'Lower' : 'Higher' },
    significance.before_after && significance.before_after.summary ? { key: 'Before and after', value: significance.before_after.summary } : null,
    compare && significance.compared_with_rest && significance.compared_with_rest.summary ? { key: 'Against the rest of the authority', value: significance.compared_with_rest.summary } : null,
  ])}
${anySuppressed ? html`<div class="govuk-inset-text">${SUPPRESSED_TEXT}.</div>` : ''}
<h2 class="govuk-heading-m">Baseline, forecast and actual</h2>
${chart(card, measure, `${title}: baseline, forecast and actual${target ? ', with the target' : ''}`)}
<details class="govuk-details" open>
  <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Figures for each period</span></summary>
  <div class="govuk-details__text">${periodsTable(card, measure)}</div>
</details>
<h2 class="govuk-heading-m">Clusters compared</h2>
<p class="govuk-body">${SUPPRESSED_TEXT}.</p>
${await clusterTable(indicator, measure, authority, today)}
<p class="govuk-body"><a class="govuk-link" href="${href({ period: period === 'month' ? 'quarter' : 'month' })}">Show by ${period === 'month' ? 'quarter' : 'month'} instead</a></p>`,
    init(root) {
      const form = root.querySelector('form.app-report-card-filter');
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const data = new FormData(form);
        ctx.navigate(`/dashboard/${encodeURIComponent(indicator)}${query({ area: data.get('area'), scope: data.get('scope'), compare: data.get('compare'), baseline: data.get('baseline'), period: data.get('period') })}`);
      });
    },
  });
}
