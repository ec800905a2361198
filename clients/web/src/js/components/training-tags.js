// Tags for training: a booking's status, a course's state and progress to target (the words carry the meaning).
import { BOOKING_STATUSES, TRAINING_PROGRESS_STATUSES, label } from '../codes.js';
import { tag } from './tag.js';

const BOOKING_COLOURS = { booked: '', attended: 'green', did_not_attend: 'red', cancelled: 'grey' };
const PROGRESS_COLOURS = { not_started: 'grey', on_track: 'green', off_track: 'orange', reached: 'turquoise', missed: 'red', no_target: 'grey' };

export function bookingStatusTag(status) {
  return tag(label(BOOKING_STATUSES, status), BOOKING_COLOURS[status] || '');
}

export function progressStatusTag(status) {
  return tag(label(TRAINING_PROGRESS_STATUSES, status), PROGRESS_COLOURS[status] || '');
}

export function courseStateTag(active) {
  return active ? tag('Offered', 'green') : tag('No longer offered', 'grey');
}
