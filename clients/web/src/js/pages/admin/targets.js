// Targets: indicator targets (drawn on report cards) and restorative-practice training targets; adding and changing them.
import { get, getAll, patch, post } from '../../api.js';
import { html } from '../../html.js';
import { TRAINING_SECTORS, label, options } from '../../codes.js';
import { buttonLink } from '../../components/button.js';
import { table } from '../../components/table.js';
import { isoToParts } from '../../dates.js';
import { formatDate } from '../../format.js';
import { formPage } from '../../forms/form-page.js';
import { adminHeading, allAreas, amountFromText, areaText } from './common.js';

const BACK = { href: '/admin/targets', text: 'Back to targets' };
const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 });

// The name of each indicator by id, from the catalogue.
async function indicatorNames() {
  const { body } = await get('/api/v1/indicators');
  return { list: body.items, names: new Map(body.items.map((i) => [i.id, i])) };
}

function targetScope(t) {
  return t.group ? `${t.group.name} (group)` : t.area;
}

function changeLink(href, what) {
  return html`<a class="govuk-link" href="${href}">Change<span class="govuk-visually-hidden"> ${what}</span></a>`;
}

export async function targetsPage(ctx) {
  const [{ names }, indicatorTargets, trainingTargets] = await Promise.all([
    indicatorNames(),
    getAll('/api/v1/indicator-targets'),
    getAll('/api/v1/training/targets'),
  ]);
  const indicatorName = (id) => (names.get(id) ? names.get(id).name : id);
  ctx.show({
    title: 'Targets',
    body: html`${adminHeading(ctx, 'Targets')}
<h2 class="govuk-heading-m">Indicator targets</h2>
<p class="govuk-body">The value an indicator should reach in an area or group by a date. Report cards draw a line to it and say whether the latest value is on track.</p>
${buttonLink('Add an indicator target', '/admin/indicator-targets/new', { secondary: true })}
${indicatorTargets.length
    ? table({
      caption: 'Indicator targets',
      captionSize: 's',
      columns: [{ text: 'Indicator' }, { text: 'Area or group' }, { text: 'Target', numeric: true }, { text: 'By' }, { text: 'Note' }, { text: 'Action' }],
      rows: indicatorTargets.map((t) => [
        indicatorName(t.indicator),
        targetScope(t),
        NUMBER.format(Number(t.target_value)),
        html`<span class="app-nowrap">${formatDate(t.target_date)}</span>`,
        t.note || '',
        changeLink(`/admin/indicator-targets/${t.id}`, `the target for ${indicatorName(t.indicator)} in ${targetScope(t)}`),
      ]),
    })
    : html`<p class="govuk-body">No indicator targets have been set.</p>`}
<h2 class="govuk-heading-m">Training targets</h2>
<p class="govuk-body">How many people should be trained on a course between two dates, for every sector and cluster or for one of them.</p>
${buttonLink('Add a training target', '/admin/training-targets/new', { secondary: true })}
${trainingTargets.length
    ? table({
      caption: 'Training targets',
      captionSize: 's',
      columns: [{ text: 'Course' }, { text: 'Sector' }, { text: 'Cluster' }, { text: 'People', numeric: true }, { text: 'From' }, { text: 'Deadline' }, { text: 'Action' }],
      rows: trainingTargets.map((t) => [
        html`${t.course}${t.name ? html`<br><span class="govuk-hint govuk-!-margin-bottom-0">${t.name}</span>` : ''}`,
        t.sector ? label(TRAINING_SECTORS, t.sector) : 'Every sector',
        t.cluster || 'Every cluster',
        NUMBER.format(t.target_people),
        html`<span class="app-nowrap">${formatDate(t.starts_on)}</span>`,
        html`<span class="app-nowrap">${formatDate(t.deadline)}</span>`,
        changeLink(`/admin/training-targets/${t.id}`, `the training target for ${t.name || t.course}`),
      ]),
    })
    : html`<p class="govuk-body">No training targets have been set.</p>`}`,
  });
}

// The value and date of an indicator target, and its note, as fields.
function indicatorTargetValueFields() {
  return [
    { type: 'text', name: 'target_value', label: 'Target value', errorName: 'the target value', hint: 'In the indicator’s own unit: a count, a rate per 10,000 children, a percentage or a number of days. For example, 85 or 12.5', autocomplete: 'off', spellcheck: false, width: 10 },
    { type: 'date', name: 'target_date', label: 'Date to reach it by', errorName: 'the date to reach it by', hint: 'For example, 31 3 2027' },
    { type: 'textarea', name: 'note', label: 'Note (optional)', errorName: 'the note', nullable: true, maxlength: 2000, rows: 3 },
  ];
}

// target_value goes as a number when it reads as one (the API checks the rest).
function withNumber(body) {
  return body.target_value === undefined ? body : { ...body, target_value: amountFromText(body.target_value) };
}

export async function indicatorTargetNewPage(ctx) {
  const [{ list }, { authorities, clusters }, groups] = await Promise.all([
    indicatorNames(),
    allAreas(),
    getAll('/api/v1/area-groups'),
  ]);
  const areaOptions = [
    ...authorities.map((a) => ({ value: a.code, text: `${areaText(a)}, local authority` })),
    ...clusters.map((c) => ({ value: c.code, text: `${areaText(c)}, cluster of ${c.parent}` })),
  ];
  formPage(ctx, {
    title: 'Add an indicator target',
    caption: 'Administration',
    fields: [
      { type: 'select', name: 'indicator', label: 'Indicator', errorName: 'the indicator', options: list.map((i) => ({ value: i.id, text: i.name })) },
      { type: 'html', html: html`<p class="govuk-body">Choose an area or a group, not both.</p>` },
      { type: 'select', name: 'area', label: 'Area', errorName: 'the area', options: areaOptions, placeholder: 'No area: a group' },
      { type: 'select', name: 'group', label: 'Area group', errorName: 'the area group', options: groups.map((g) => ({ value: String(g.id), text: `${g.name} (${g.local_authority})` })), placeholder: 'No group: an area' },
      ...indicatorTargetValueFields(),
    ],
    submitText: 'Add target',
    back: BACK,
    cancel: { ...BACK, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/indicator-targets', withNumber(body), { idempotencyKey }),
    done: () => ctx.navigate('/admin/targets', { flash: { heading: 'Indicator target added' } }),
  });
}

export async function indicatorTargetEditPage(ctx) {
  const [target, { names }] = await Promise.all([
    get(`/api/v1/indicator-targets/${ctx.params.id}`).then((r) => r.body),
    indicatorNames(),
  ]);
  const indicator = names.get(target.indicator);
  formPage(ctx, {
    title: 'Change an indicator target',
    caption: 'Administration',
    intro: html`<div class="govuk-inset-text">${indicator ? indicator.name : target.indicator}, ${targetScope(target)}${indicator && indicator.unit ? html` (${indicator.unit})` : ''}</div>`,
    fields: indicatorTargetValueFields(),
    values: {
      target_value: String(target.target_value),
      target_date: isoToParts(target.target_date),
      note: target.note || '',
    },
    submitText: 'Save changes',
    back: BACK,
    cancel: { ...BACK, text: 'Cancel' },
    submit: (body) => patch(`/api/v1/indicator-targets/${target.id}`, withNumber(body), { ifMatch: target.version }),
    done: () => ctx.navigate('/admin/targets', { flash: { heading: 'Indicator target changed' } }),
  });
}

async function trainingTargetChoices() {
  const [courses, { clusters }] = await Promise.all([getAll('/api/v1/training/courses'), allAreas()]);
  return { courses, clusters };
}

function trainingTargetFields({ courses, clusters }) {
  return [
    { type: 'select', name: 'course_id', label: 'Course', errorName: 'the course', numeric: true, options: courses.map((c) => ({ value: String(c.id), text: `${c.name}${c.active ? '' : ' (no longer run)'}` })) },
    { type: 'select', name: 'sector', label: 'Sector', errorName: 'the sector', nullable: true, options: options(TRAINING_SECTORS), placeholder: 'Every sector' },
    { type: 'select', name: 'cluster', label: 'Cluster', errorName: 'the cluster', nullable: true, options: clusters.map((c) => ({ value: c.code, text: areaText(c) })), placeholder: 'Every cluster' },
    { type: 'integer', name: 'target_people', label: 'Number of people to train', errorName: 'the number of people to train', width: 5 },
    { type: 'date', name: 'starts_on', label: 'Counting from', errorName: 'the date counting starts', hint: 'People trained from this date count towards the target. For example, 1 4 2026' },
    { type: 'date', name: 'deadline', label: 'Deadline', errorName: 'the deadline', hint: 'For example, 31 3 2027' },
    { type: 'text', name: 'name', label: 'Name (optional)', errorName: 'the name', nullable: true, hint: 'Such as Schools in the targeted clusters, 2026-27', autocomplete: 'off', width: 30 },
  ];
}

function noCoursesView() {
  return {
    title: 'Training targets need a course',
    back: BACK,
    body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <h1 class="govuk-heading-l">Training targets need a course</h1>
  <p class="govuk-body">A training target is for a course, and there are no training courses yet. Trainers add the courses they run.</p>
</div></div>`,
  };
}

export async function trainingTargetNewPage(ctx) {
  const choices = await trainingTargetChoices();
  if (!choices.courses.length) {
    ctx.show(noCoursesView());
    return;
  }
  formPage(ctx, {
    title: 'Add a training target',
    caption: 'Administration',
    fields: trainingTargetFields(choices),
    submitText: 'Add target',
    back: BACK,
    cancel: { ...BACK, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/training/targets', body, { idempotencyKey }),
    done: () => ctx.navigate('/admin/targets', { flash: { heading: 'Training target added' } }),
  });
}

export async function trainingTargetEditPage(ctx) {
  const [target, choices] = await Promise.all([
    get(`/api/v1/training/targets/${ctx.params.id}`).then((r) => r.body),
    trainingTargetChoices(),
  ]);
  formPage(ctx, {
    title: 'Change a training target',
    caption: target.name || target.course,
    fields: trainingTargetFields(choices),
    values: {
      course_id: String(target.course_id),
      sector: target.sector || '',
      cluster: target.cluster || '',
      target_people: String(target.target_people),
      starts_on: isoToParts(target.starts_on),
      deadline: isoToParts(target.deadline),
      name: target.name || '',
    },
    submitText: 'Save changes',
    back: BACK,
    cancel: { ...BACK, text: 'Cancel' },
    submit: (body) => patch(`/api/v1/training/targets/${target.id}`, body, { ifMatch: target.version }),
    done: () => ctx.navigate('/admin/targets', { flash: { heading: 'Training target changed' } }),
  });
}
