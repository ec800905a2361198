// Record a status change: choose a child in need episode, a child protection plan or a looked-after episode.
import { get } from '../api.js';
import { formPage } from '../forms/form-page.js';
import { childName } from '../format.js';

const KINDS = [
  { value: 'cin-episodes', text: 'Child in need episode', hint: 'A referral to children’s social care, its assessments and when it closed' },
  { value: 'child-protection-plans', text: 'Child protection plan', hint: 'The start of a plan, its category of abuse, and when it ended' },
  { value: 'looked-after-episodes', text: 'Looked-after episode', hint: 'When the child started or stopped being looked after, their legal status and placement' },
];

export async function statusChoosePage(ctx) {
  const id = ctx.params.id;
  const child = (await get(`/api/v1/children/${id}`)).body;
  const fields = [
    { type: 'radios', name: 'kind', label: 'What do you want to record?', errorName: 'what you want to record', options: KINDS, legendSize: 'm' },
  ];
  formPage(ctx, {
    title: 'Record a status change',
    caption: childName(child),
    fields,
    submitText: 'Continue',
    back: { href: `/children/${id}` },
    validate: (body) => (body.kind ? [] : [{ field: 'kind', message: 'Select what you want to record' }]),
    submit: async (body) => body.kind,
    done: (kind) => ctx.navigate(`/children/${id}/${kind}/new`),
  });
}
