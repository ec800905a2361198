// The manager dashboard: an authority's key measures, latest value, change from a year ago, a weekly line and a link to each report card.
import { ApiError, get, getAll, query } from '../api.js';
import { html } from '../html.js';
import { lineChart } from '../components/line-chart.js';
import { select } from '../components/select.js';
import { table } from '../components/table.js';
import { tag } from '../components/tag.js';
import { todayIso } from '../dates.js';
import { formatDate } from '../format.js';
import { can } from '../roles.js';
import { shortDate } from '../training.js';
import {
  KEY_MEASURES, SUPPRESSED_TEXT, addDaysIso, changeSentence, decimalsFor, formatValue, isSuppressed, judgement, unitWords, yearAgo,
} from '../dashboard.js';

// The local authorities, and the one asked for (else the first).
export async function chooseAuthority(ctx) {
  const authorities = await getAll('/api/v1/areas', { kind: 'local_authority' });
  const asked = ctx.query.get('area');
  const authority = authorities.find((a) => a.code === asked) || authorities[0] || null;
  return { authorities, authority };
}

function valueOf(body) {
  if (!body) return null;
  return isSuppressed(body) ? 'c' : body.value;
}

async function loadIndicator(km, entry, area, today) {
  const base = `/api/v1/indicators/${encodeURIComponent(km.indicator)}`;
  const [now, before, series] = await Promise.all([
    get(base + query({ area, suppress: true })),
    get(base + query({ area, at: yearAgo(today), suppress: true })),
    get(`${base}/series${query({ area, period: 'week', suppress: true })}`),
  ]);
  const points = (series.body.points || []).map((p) => ({ start: p.period_start, value: isSuppressed(p) ? 'c' : p.value }));
  const period = now.body.period;
  return {
    latest: valueOf(now.body),
    earlier: valueOf(before.body),
    when: period ? `${formatDate(period.from)} to ${formatDate(period.to)} (reporting year to date)` : `At ${formatDate(now.body.at)}`,
    points,
    href: `/dashboard/${encodeURIComponent(km.indicator)}${query({ area })}`,
    linkText: 'Report card',
  };
}

async function loadTraining(km, courses, today) {
  const course = courses.find((c) => c.code === km.course);
  if (!course) return { unavailable: 'There is no such course.' };
  const progress = (await get(`/api/v1/training/progress${query({ course_id: course.id })}`)).body;
  const weeks = (progress.weeks || []).filter((w) => w.cumulative !== null && w.cumulative !== undefined);
  const then = yearAgo(today);
  const weekThen = weeks.find((w) => w.week_start <= then && then <= addDaysIso(w.week_start, 6));
  const target = progress.target;
  return {
    latest: progress.trained,
    earlier: weekThen ? weekThen.cumulative : null,
    when: target ? `Of a target of ${formatValue(target.target_people)} by ${formatDate(target.deadline)}` : `From ${formatDate(progress.counting_from)} to ${formatDate(progress.counting_to)}; no target set`,
    points: weeks.slice(-53).map((w) => ({ start: w.week_start, value: w.cumulative })),
    href: `/training/progress${query({ course_id: course.id })}`,
    linkText: 'Progress to target',
  };
}

// Every key measure the user may read, for one authority: [{km, name, measure (catalogue-like),
// latest, earlier, when, points, href, unavailable}]. A 401 is thrown (the router signs in
// again); so is any failure when every measure failed (the network is down).
export async function loadKeyMeasures(user, authority) {
  const today = todayIso();
  const trainingReader = can(user, 'readTrainingProgress');
  const [catalogue, courses] = await Promise.all([
    get('/api/v1/indicators').then((r) => r.body.items),
    trainingReader ? getAll('/api/v1/training/courses') : Promise.resolve([]),
  ]);
  const wanted = KEY_MEASURES.filter((km) => (km.course ? trainingReader : true));
  let lastError = null;
  const results = await Promise.all(wanted.map(async (km) => {
    const entry = km.indicator ? catalogue.find((i) => i.id === km.indicator) : null;
    const measure = entry || { statistic: 'count', unit: 'people', lower_is_better: false, rounding: 0 };
    const name = entry ? entry.name : km.name;
    if (km.indicator && (!entry || entry.readable === false)) return { km, name, measure, unavailable: 'Your account cannot see this measure.' };
    if (km.indicator && !authority) return { km, name, measure, unavailable: 'There is no local authority yet.' };
    try {
      const data = km.indicator ? await loadIndicator(km, entry, authority.code, today) : await loadTraining(km, courses, today);
      return { km, name, measure, ...data };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw error;
      lastError = error;
      return { km, name, measure, unavailable: error instanceof ApiError && error.status === 403 ? 'Your account cannot see this measure.' : 'This figure could not be loaded just now.' };
    }
  }));
  if (lastError && results.every((r) => r.unavailable)) throw lastError;
  return results;
}

// "Better", "Worse" or "No change" as a tag whose words carry the meaning.
export function verdictTag(result) {
  const verdict = judgement(result.latest, result.earlier, result.measure.lower_is_better, decimalsFor(result.measure));
  if (verdict === 'better') return tag('Better', 'green');
  if (verdict === 'worse') return tag('Worse', 'red');
  if (verdict === 'same') return tag('No change', 'grey');
  return '';
}

function valueCell(result) {
  if (result.unavailable) return html`<span class="app-not-recorded">${result.unavailable}</span>`;
  const unit = unitWords(result.measure);
  return html`<span class="app-dashboard__value" data-measure="${result.km.id}">${formatValue(result.latest, result.measure)}</span>${unit && result.latest !== 'c' && result.latest !== null ? html` <span class="govuk-body-s">${unit}</span>` : ''}<br><span class="govuk-body-s app-secondary-text">${result.when}</span>`;
}

function trendSection(result, index) {
  if (result.unavailable || !result.points || result.points.length < 2) return '';
  const id = `trend-${index}`;
  const values = result.points.map((p) => (p.value === 'c' ? null : p.value));
  const first = result.points[0];
  const last = result.points[result.points.length - 1];
  const caption = `${result.name}: week by week`;
  return html`<section class="app-dashboard__trend" aria-labelledby="${id}-heading">
  <h3 class="govuk-heading-s" id="${id}-heading">${result.name}</h3>
  ${lineChart({
    id,
    title: `${result.name}, each week from ${formatDate(first.start)} to ${formatDate(last.start)}`,
    summary: `The latest week's figure is ${formatValue(last.value, result.measure)}. The figures for each week are in the table ‘${caption}’ below the chart.`,
    labels: result.points.map((p) => shortDate(p.start)),
    series: [{ name: result.name, values }],
    xLabel: 'Week beginning',
  })}
  <details class="govuk-details">
    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Weekly figures<span class="govuk-visually-hidden">: ${result.name}</span></span></summary>
    <div class="govuk-details__text">${table({
      caption,
      captionSize: 's',
      columns: [{ text: 'Week beginning' }, { text: 'Value', numeric: true }],
      rows: result.points.map((p) => [html`<span class="app-nowrap">${formatDate(p.start)}</span>`, formatValue(p.value, result.measure)]),
    })}</div>
  </details>
</section>`;
}

export async function dashboardPage(ctx) {
  const { authorities, authority } = await chooseAuthority(ctx);
  const results = await loadKeyMeasures(ctx.user, authority);
  const anySuppressed = results.some((r) => r.latest === 'c' || r.earlier === 'c' || (r.points || []).some((p) => p.value === 'c'));
  const area = authority ? authority.code : '';
  ctx.show({
    title: `Dashboard${authority ? `: ${authority.name}` : ''}`,
    body: html`<span class="govuk-caption-l">Dashboard</span>
<h1 class="govuk-heading-l">${authority ? authority.name : 'Key measures'}</h1>
${authorities.length > 1 ? html`<div class="app-search-wrapper"><form method="get" action="/dashboard" class="app-search app-dashboard-filter" aria-label="Choose the local authority">
  ${select({ name: 'area', label: 'Local authority', value: area, options: authorities.map((a) => ({ value: a.code, text: a.name })), placeholder: 'Choose a local authority', labelClass: 'govuk-label--s' })}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Show measures</button>
</form></div>` : ''}
${authority ? '' : html`<p class="govuk-body">There are no local authorities yet, so only the training measures can be shown. Administrators add them.</p>`}
<p class="govuk-body"><a class="govuk-link" href="/wall${query({ area })}">Open the wall display</a> (large figures for a screen, refreshed every 5 minutes)</p>
<p class="govuk-body">Figures for the local authority, today, compared with the same date a year ago; counts of FGCs and percentages are for the reporting year to date. Training counts people trained across the whole service.</p>
<div class="govuk-inset-text">${SUPPRESSED_TEXT}.${anySuppressed ? ' Some figures below are hidden.' : ''}</div>
${table({
    caption: 'Key measures',
    captionSize: 'm',
    firstCellIsHeader: true,
    columns: [{ text: 'Measure' }, { text: 'Latest', numeric: true }, { text: 'Change from a year ago' }, { text: 'Details' }],
    rows: results.map((r) => [
      r.name,
      valueCell(r),
      r.unavailable ? '' : html`${changeSentence(r.latest, r.earlier, r.measure)} ${verdictTag(r)}`,
      r.unavailable ? '' : html`<a class="govuk-link" href="${r.href}">${r.linkText}<span class="govuk-visually-hidden">: ${r.name}</span></a>`,
    ]),
  })}
<h2 class="govuk-heading-m">The last 52 weeks</h2>
<div class="app-dashboard__trends">${results.map((r, i) => trendSection(r, i))}</div>`,
    init(root) {
      const form = root.querySelector('form.app-dashboard-filter');
      if (!form) return;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        ctx.navigate(`/dashboard${query({ area: new FormData(form).get('area') })}`);
      });
    },
  });
}
