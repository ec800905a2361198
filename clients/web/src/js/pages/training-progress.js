// Progress to target: people trained on a course (for a sector or cluster too) week by week against the trajectory, with the forecast.
import { get, getAll, query } from '../api.js';
import { html } from '../html.js';
import { TRAINING_SECTORS, label, options } from '../codes.js';
import { lineChart } from '../components/line-chart.js';
import { select } from '../components/select.js';
import { summaryList } from '../components/summary-list.js';
import { table } from '../components/table.js';
import { progressStatusTag } from '../components/training-tags.js';
import { formatDate } from '../format.js';
import { can } from '../roles.js';
import { count, decimal, forecastWords, formatNumber, percent, shortDate } from '../training.js';

function targetCells(target) {
  if (!target) return ['No target', '', ''];
  return [formatNumber(target.target_people), percent(target.progress_pct), progressStatusTag(target.status)];
}

function weeksTable(progress) {
  const withTarget = Boolean(progress.target);
  return table({
    caption: 'People trained each week',
    captionSize: 's',
    columns: [
      { text: 'Week beginning' },
      { text: 'Trained that week', numeric: true },
      { text: 'Trained so far', numeric: true },
      ...(withTarget ? [{ text: 'Trajectory', numeric: true }] : []),
    ],
    rows: progress.weeks.map((w) => [
      html`<span class="app-nowrap">${formatDate(w.week_start)}</span>`,
      w.new_people === null ? 'Not yet' : formatNumber(w.new_people),
      w.cumulative === null ? 'Not yet' : formatNumber(w.cumulative),
      ...(withTarget ? [decimal(w.trajectory)] : []),
    ]),
  });
}

function chart(progress, title) {
  const weeks = progress.weeks;
  if (weeks.length < 2) return '';
  const series = [{ name: 'People trained so far', values: weeks.map((w) => w.cumulative) }];
  if (progress.target) series.push({ name: 'Trajectory to the target', values: weeks.map((w) => w.trajectory) });
  const target = progress.target;
  const summary = `${count(progress.trained, 'person', 'people')} trained by ${formatDate(progress.counting_to)}${target ? `, against a trajectory of ${decimal(progress.trajectory_now)} and a target of ${formatNumber(target.target_people)} by ${formatDate(target.deadline)}` : ''}. The figures for each week are in the table ‘People trained each week’ below the chart.`;
  return lineChart({
    id: 'progress-chart',
    title: `${title}: people trained so far, week by week${target ? ', with the trajectory to the target' : ''}`,
    summary,
    labels: weeks.map((w) => shortDate(w.week_start)),
    series,
    xLabel: 'Week beginning',
    yLabel: 'People',
  });
}

export async function trainingProgressPage(ctx) {
  const [courses, clusters] = await Promise.all([
    getAll('/api/v1/training/courses'),
    getAll('/api/v1/areas', { kind: 'cluster' }),
  ]);
  courses.sort((a, b) => Number(b.active) - Number(a.active) || a.id - b.id);
  const readsCourses = can(ctx.user, 'readTraining');
  const askedCourse = courses.find((c) => String(c.id) === ctx.query.get('course_id'));
  const course = askedCourse || courses[0];
  if (!course) {
    ctx.show({ title: 'Training progress', body: html`<h1 class="govuk-heading-l">Training progress</h1><p class="govuk-body">There are no training courses yet.</p>` });
    return;
  }
  const sector = Object.prototype.hasOwnProperty.call(TRAINING_SECTORS, ctx.query.get('sector')) ? ctx.query.get('sector') : '';
  const cluster = clusters.some((a) => a.code === ctx.query.get('cluster')) ? ctx.query.get('cluster') : '';
  const progress = (await get(`/api/v1/training/progress${query({ course_id: course.id, sector, cluster })}`)).body;
  const clusterName = (code) => {
    const area = clusters.find((a) => a.code === code);
    return area ? area.name : code;
  };
  const scope = [sector ? label(TRAINING_SECTORS, sector) : '', cluster ? clusterName(cluster) : ''].filter(Boolean).join(', ');
  const title = `${course.name}${scope ? `: ${scope}` : ''}`;
  const target = progress.target;
  const filterHref = (extra) => `/training/progress${query({ course_id: course.id, sector, cluster, ...extra })}`;

  const bySector = (progress.by_sector || []).map((s) => [
    html`<a class="govuk-link" href="${filterHref({ sector: s.sector })}">${s.name}</a>`,
    formatNumber(s.people),
    ...targetCells(s.target),
  ]);
  const byCluster = (progress.by_cluster || []).map((c) => [
    c.cluster ? html`<a class="govuk-link" href="${filterHref({ cluster: c.cluster })}">${c.name}</a>` : c.name,
    formatNumber(c.people),
    ...targetCells(c.target),
  ]);
  const breakdownColumns = (first) => [{ text: first }, { text: 'People trained', numeric: true }, { text: 'Target', numeric: true }, { text: 'Progress', numeric: true }, { text: 'Status' }];

  ctx.show({
    title: `Training progress: ${title}`,
    body: html`<span class="govuk-caption-l">Training progress</span>
<h1 class="govuk-heading-l">${title}</h1>
<div class="app-search-wrapper"><form method="get" action="/training/progress" class="app-search app-progress-filter" aria-label="Choose what to show">
  ${select({ name: 'course_id', label: 'Course', value: String(course.id), options: courses.map((c) => ({ value: String(c.id), text: c.name })), placeholder: 'Choose a course', labelClass: 'govuk-label--s' })}
  ${select({ name: 'sector', label: 'Sector', value: sector, options: options(TRAINING_SECTORS), placeholder: 'All sectors', labelClass: 'govuk-label--s' })}
  ${select({ name: 'cluster', label: 'Cluster', value: cluster, options: clusters.map((a) => ({ value: a.code, text: a.name })), placeholder: 'All clusters', labelClass: 'govuk-label--s' })}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Show progress</button>
</form></div>
<p class="govuk-body app-progress-status">Status: ${progressStatusTag(progress.status)}</p>
${summaryList([
    { key: 'People trained', value: target ? `${formatNumber(progress.trained)} of ${formatNumber(target.target_people)} (${percent(progress.progress_pct)})` : formatNumber(progress.trained) },
    {
      key: 'Target',
      value: target
        ? `${count(target.target_people, 'person', 'people')} from ${formatDate(target.starts_on)} to ${formatDate(target.deadline)}${target.name ? ` (${target.name})` : ''}`
        : 'No target has been set for this course, sector and cluster. Administrators set targets.',
    },
    { key: 'Counted', value: `People who first attended a session of the course from ${formatDate(progress.counting_from)} to ${formatDate(progress.counting_to)}, each counted once` },
    target ? { key: 'Trajectory now', value: `${decimal(progress.trajectory_now)} people by ${formatDate(progress.counting_to)}, on the straight line to the target` } : null,
    target && progress.pace_per_week !== null && progress.pace_per_week !== undefined ? { key: 'Pace', value: `${decimal(progress.pace_per_week)} people a week over the last ${decimal(progress.pace_weeks)} weeks` } : null,
    target ? { key: 'Forecast', value: forecastWords(progress, target.deadline, formatDate) } : null,
    readsCourses ? { key: 'Course', value: html`<a class="govuk-link" href="/training/courses/${course.id}">${course.name}: details and sessions</a>` } : null,
  ])}
<h2 class="govuk-heading-m">Week by week</h2>
${progress.weeks.length ? html`${chart(progress, title)}
<details class="govuk-details" open>
  <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Weekly figures (${count(progress.weeks.length, 'week')})</span></summary>
  <div class="govuk-details__text">${weeksTable(progress)}</div>
</details>` : html`<p class="govuk-body">No one has been trained yet.</p>`}
<h2 class="govuk-heading-m">By sector</h2>
${bySector.length ? table({ caption: `People trained by sector${cluster ? ` in ${clusterName(cluster)}` : ''}`, captionSize: 's', columns: breakdownColumns('Sector'), rows: bySector }) : html`<p class="govuk-body">No one has been trained yet.</p>`}
<h2 class="govuk-heading-m">By cluster</h2>
${byCluster.length ? table({ caption: `People trained by cluster${sector ? ` in ${label(TRAINING_SECTORS, sector)}` : ''}`, captionSize: 's', columns: breakdownColumns('Cluster'), rows: byCluster }) : html`<p class="govuk-body">No one has been trained yet.</p>`}`,
    init(root) {
      const form = root.querySelector('form.app-progress-filter');
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const data = new FormData(form);
        ctx.navigate(`/training/progress${query({ course_id: data.get('course_id'), sector: data.get('sector'), cluster: data.get('cluster') })}`);
      });
    },
  });
}
