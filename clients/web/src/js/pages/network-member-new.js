// Add someone to a child's family network: who they are, how they are related, and notes.
import { get, post } from '../api.js';
import { RELATIONSHIPS, options } from '../codes.js';
import { formPage } from '../forms/form-page.js';
import { childName } from '../format.js';

export async function networkMemberNewPage(ctx) {
  const id = ctx.params.id;
  const child = (await get(`/api/v1/children/${id}`)).body;
  const name = childName(child);
  formPage(ctx, {
    title: 'Add someone to the family network',
    caption: name,
    fields: [
      { type: 'text', name: 'full_name', label: 'Full name', errorName: 'their full name', autocomplete: 'off', spellcheck: false },
      { type: 'select', name: 'relationship', label: `Relationship to ${name}`, errorName: 'their relationship to the child', options: options(RELATIONSHIPS) },
      { type: 'yesno', name: 'lives_with_child', label: `Do they live with ${name}?`, errorName: 'whether they live with the child' },
      { type: 'textarea', name: 'notes', label: 'Notes (optional)', errorName: 'the notes', hint: 'For example, what they have offered to do', maxlength: 2000 },
    ],
    submitText: 'Add to the network',
    back: { href: `/children/${id}` },
    cancel: { href: `/children/${id}`, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post(`/api/v1/children/${id}/network-members`, body, { idempotencyKey }),
    done: ({ body }) => ctx.navigate(`/children/${id}`, { flash: { heading: `${body.full_name} has been added to the family network` } }),
  });
}
