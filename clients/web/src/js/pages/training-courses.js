// Training courses: every course, with a link to its sessions; trainers and administrators may add one.
import { getAll } from '../api.js';
import { html } from '../html.js';
import { buttonLink } from '../components/button.js';
import { table } from '../components/table.js';
import { courseStateTag } from '../components/training-tags.js';
import { can } from '../roles.js';

export async function trainingCoursesPage(ctx) {
  const courses = await getAll('/api/v1/training/courses');
  const manages = can(ctx.user, 'manageTraining');
  courses.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'en-GB'));
  ctx.show({
    title: 'Training courses',
    body: html`<h1 class="govuk-heading-l">Training courses</h1>
<p class="govuk-body">Restorative practice courses for the children’s workforce and partners. Open a course to see its sessions.</p>
${manages ? buttonLink('Add a course', '/training/courses/new', { secondary: true }) : ''}
${courses.length
    ? table({
      caption: 'Courses',
      captionSize: 's',
      columns: [{ text: 'Course' }, { text: 'Code' }, { text: 'State' }, { text: 'Progress to target' }],
      rows: courses.map((c) => [
        html`<a class="govuk-link" href="/training/courses/${c.id}">${c.name}</a>`,
        html`<span class="app-nowrap">${c.code}</span>`,
        courseStateTag(c.active),
        html`<a class="govuk-link" href="/training/progress?course_id=${c.id}">Progress<span class="govuk-visually-hidden"> of ${c.name}</span></a>`,
      ]),
    })
    : html`<p class="govuk-body">There are no courses yet.</p>`}`,
  });
}
