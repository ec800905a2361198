// Add a training course: its name, code and description.
import { post } from '../api.js';
import { formPage } from '../forms/form-page.js';
import { conflictOnField } from '../training.js';

export async function trainingCourseNewPage(ctx) {
  const fields = [
    { type: 'text', name: 'name', label: 'Course name', errorName: 'the course name', hint: 'For example, Restorative Practice: Deep Dive', autocomplete: 'off' },
    {
      type: 'text',
      name: 'code',
      label: 'Course code',
      errorName: 'the course code',
      hint: '2 to 40 capital letters, digits or hyphens, for example DEEP-DIVE. Registers can name the course by its code.',
      formatMessage: 'must be 2 to 40 capital letters, digits or hyphens, for example DEEP-DIVE',
      width: 20,
      spellcheck: false,
      autocomplete: 'off',
    },
    { type: 'textarea', name: 'description', label: 'Description (optional)', errorName: 'the description', hint: 'Who the course is for and what it covers', maxlength: 4000, rows: 5 },
  ];
  formPage(ctx, {
    title: 'Add a course',
    caption: 'Training',
    fields,
    submitText: 'Add course',
    back: { href: '/training/courses', text: 'Back to courses' },
    cancel: { href: '/training/courses', text: 'Cancel' },
    async submit(body, { idempotencyKey }) {
      const sent = { ...body };
      if (sent.code) sent.code = sent.code.toUpperCase();
      try {
        return await post('/api/v1/training/courses', sent, { idempotencyKey });
      } catch (error) {
        // "A course with the code ... already exists" or "A course called ... already exists".
        throw conflictOnField(error, /code/i.test(error.problem?.detail || '') ? 'code' : 'name');
      }
    },
    done: ({ body }) => ctx.navigate(`/training/courses/${body.id}`, {
      flash: { heading: `${body.name} has been added`, text: 'You can now add its sessions.' },
    }),
  });
}
