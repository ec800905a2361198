// Formats values for people to read: dates in the GOV.UK style, yes or no, names and ages.

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

// "2 November 2026" from "2026-11-02"; empty for no date.
export function formatDate(iso) {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return String(iso);
  return DATE.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

// "23 November 2026 at 5:02pm" from an ISO 8601 timestamp.
export function formatDateTime(timestamp) {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return String(timestamp);
  const parts = DATE_TIME.formatToParts(date);
  const get = (type) => (parts.find((p) => p.type === type) || {}).value || '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}${get('dayPeriod').toLowerCase().replace(/\s/g, '')}`;
}

export function yesNo(value) {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  return 'Not recorded';
}

// A child's full name, or their record number when the name is hidden (data analysts).
export function childName(child) {
  const name = [child.first_name, child.last_name].filter(Boolean).join(' ');
  return name || `Child ${child.id}`;
}

// Whole years between a date of birth and today (both YYYY-MM-DD); null for an unborn child.
export function ageInYears(dateOfBirth, today) {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age < 0 ? null : age;
}
