// Add a child: name, date of birth, sex, ethnicity, the cluster they live in and their UPN.
import { getAll, post } from '../api.js';
import { ETHNICITY, options } from '../codes.js';
import { formPage } from '../forms/form-page.js';

export async function childNewPage(ctx) {
  const clusters = await getAll('/api/v1/areas', { kind: 'cluster' });
  const fields = [
    { type: 'text', name: 'first_name', label: 'First name', errorName: 'the child’s first name', autocomplete: 'off', spellcheck: false, width: 20 },
    { type: 'text', name: 'last_name', label: 'Last name', errorName: 'the child’s last name', autocomplete: 'off', spellcheck: false, width: 20 },
    { type: 'date', name: 'date_of_birth', label: 'Date of birth', errorName: 'the date of birth', hint: 'For an unborn child, give the expected date of delivery. For example, 27 3 2017', legendSize: 's' },
    { type: 'radios', name: 'sex', label: 'Sex', errorName: 'the child’s sex', inline: true, numeric: true, options: [{ value: '1', text: 'Male' }, { value: '2', text: 'Female' }] },
    { type: 'select', name: 'ethnicity', label: 'Ethnicity', errorName: 'the child’s ethnicity', options: options(ETHNICITY) },
    {
      type: 'select',
      name: 'area',
      label: 'Area',
      errorName: 'the area the child lives in',
      hint: 'The cluster the child lives in',
      options: clusters.map((a) => ({ value: a.code, text: `${a.name} (${a.code})` })),
    },
    { type: 'text', name: 'upn', label: 'Unique pupil number (optional)', errorName: 'the unique pupil number', hint: 'A capital letter, 11 digits, then a digit or letter. For example, A12345678901B', formatMessage: 'must be a capital letter, 11 digits, then a digit or letter', width: 20, spellcheck: false },
  ];
  formPage(ctx, {
    title: 'Add a child',
    fields,
    submitText: 'Add child',
    back: { href: '/cases', text: 'Back' },
    cancel: { href: '/cases', text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/children', body, { idempotencyKey }),
    done: ({ body }) => ctx.navigate(`/children/${body.id}`, {
      flash: { heading: `${body.first_name} ${body.last_name} has been added`, text: 'You can now refer the family for a family group conference.' },
    }),
  });
}
