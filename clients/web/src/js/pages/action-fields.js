// The fields of an action in a family plan: what, who, what kind of person, and by when.
import { OWNER_KINDS, options } from '../codes.js';

export function actionFields() {
  return [
    { type: 'textarea', name: 'description', label: 'What will be done', errorName: 'what will be done', maxlength: 2000, rows: 3 },
    { type: 'text', name: 'owner_name', label: 'Who will do it', errorName: 'who will do it', hint: 'The name of the family member, friend or professional', autocomplete: 'off' },
    { type: 'radios', name: 'owner_kind', label: 'Are they family or a professional?', errorName: 'whether they are family or a professional', inline: true, small: true, options: options(OWNER_KINDS) },
    { type: 'date', name: 'due_on', label: 'By when (optional)', errorName: 'the date it is due', hint: 'For example, 27 3 2026' },
  ];
}
