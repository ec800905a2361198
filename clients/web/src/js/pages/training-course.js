// A training course: its details and its sessions, soonest first; trainers and administrators may add a session.
import { get, getAll } from '../api.js';
import { html } from '../html.js';
import { buttonGroup, buttonLink } from '../components/button.js';
import { summaryList } from '../components/summary-list.js';
import { courseStateTag } from '../components/training-tags.js';
import { can } from '../roles.js';
import { sessionsTable, sortSessions } from './training-sessions.js';

export async function trainingCoursePage(ctx) {
  const id = ctx.params.id;
  const [course, sessions] = await Promise.all([
    get(`/api/v1/training/courses/${id}`).then((r) => r.body),
    getAll('/api/v1/training/sessions', { course_id: id }),
  ]);
  const manages = can(ctx.user, 'manageTraining');
  sortSessions(sessions);
  ctx.show({
    title: course.name,
    back: { href: '/training/courses', text: 'Back to courses' },
    body: html`<span class="govuk-caption-l">Training course</span>
<h1 class="govuk-heading-l">${course.name}</h1>
${manages && course.active ? buttonGroup(buttonLink('Add a session', `/training/sessions/new?course_id=${course.id}`)) : ''}
${summaryList([
    { key: 'Code', value: course.code },
    { key: 'Description', value: course.description },
    { key: 'State', value: courseStateTag(course.active) },
    { key: 'Progress to target', value: html`<a class="govuk-link" href="/training/progress?course_id=${course.id}">See progress<span class="govuk-visually-hidden"> of ${course.name}</span></a>` },
  ])}
<h2 class="govuk-heading-m">Sessions</h2>
${sessions.length
    ? sessionsTable(sessions, { caption: `Sessions of ${course.name}, earliest first`, showCourse: false })
    : html`<p class="govuk-body">${course.name} has no sessions yet.</p>`}`,
  });
}
