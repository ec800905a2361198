// Dates as the API wants them (YYYY-MM-DD) from day, month and year inputs, and today in England.

// Today's date in England (the API's "not in the future" is judged there), as YYYY-MM-DD.
export function todayIso(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

// {day, month, year} from YYYY-MM-DD (empty parts for anything else).
export function isoToParts(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] };
}

// YYYY-MM-DD from what was typed in the three boxes, or null when all three are empty. A day or
// month is padded ("3" becomes "03"); a year is not ("26" is not 2026), and anything else is
// passed on as typed, so that the API names the field and says what is wrong with it.
export function partsToIso({ day = '', month = '', year = '' } = {}) {
  const d = String(day).trim();
  const m = String(month).trim();
  const y = String(year).trim();
  if (!d && !m && !y) return null;
  const pad = (text, width) => (/^\d+$/.test(text) ? text.padStart(width, '0') : text);
  return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
}
