// GOV.UK tags for statuses: the words carry the meaning, the colour only helps to scan.
import { html } from '../html.js';
import { ACTION_STATUSES, REFERRAL_STATUSES, label } from '../codes.js';

const REFERRAL_COLOURS = {
  referred: '',
  accepted: 'turquoise',
  allocated: 'purple',
  preparing: 'pink',
  conference_held: 'teal',
  plan_agreed: 'green',
  plan_not_agreed: 'orange',
  reviewed: 'green',
  declined: 'red',
  closed: 'grey',
};

const ACTION_COLOURS = { open: '', done: 'green', not_done: 'red', cancelled: 'grey' };

export function tag(text, colour = '') {
  return html`<strong class="govuk-tag${colour ? ` govuk-tag--${colour}` : ''}">${text}</strong>`;
}

export function referralStatusTag(status) {
  return tag(label(REFERRAL_STATUSES, status), REFERRAL_COLOURS[status] || '');
}

export function actionStatusTag(status) {
  return tag(label(ACTION_STATUSES, status), ACTION_COLOURS[status] || '');
}
