// Pure helpers of the manager dashboard, the report cards and the wall display: the key measures, values, changes in words, suppression.

// The key measures, in the order shown. An indicator's name, unit and direction come from the
// catalogue (GET /api/v1/indicators); training measures are progress to target on a course.
export const KEY_MEASURES = [
  { id: 'cla_rate_per_10k', indicator: 'cla_rate_per_10k', short: 'Children looked after per 10,000' },
  { id: 'cin_rate_per_10k', indicator: 'cin_rate_per_10k', short: 'Children in need per 10,000' },
  { id: 'cpp_rate_per_10k', indicator: 'cpp_rate_per_10k', short: 'Child protection plans per 10,000' },
  { id: 're_referral_rate_12m', indicator: 're_referral_rate_12m', short: 'Re-referrals within 12 months' },
  { id: 'fgc_conferences_held', indicator: 'fgc_conferences_held', short: 'FGCs held' },
  { id: 'fgc_plans_agreed_pct', indicator: 'fgc_plans_agreed_pct', short: 'FGCs with a plan agreed' },
  { id: 'fgc_days_referral_to_conference', indicator: 'fgc_days_referral_to_conference', short: 'Days from referral to FGC' },
  { id: 'fgc_at_home_12m_pct', indicator: 'fgc_at_home_12m_pct', short: 'Still at home 12 months after an FGC' },
  { id: 'training-awareness-raising', course: 'AWARENESS-RAISING', name: 'People trained: Awareness Raising', short: 'Trained: Awareness Raising' },
  { id: 'training-deep-dive', course: 'DEEP-DIVE', name: 'People trained: Deep Dive', short: 'Trained: Deep Dive' },
];

// The GOV.UK explanation of "c" (explore-education-statistics' symbols).
export const SUPPRESSED_TEXT = 'c: fewer than 6 children, hidden to protect privacy';

// Report card periods and their names.
export const PERIODS = { month: 'Month', quarter: 'Quarter', week: 'Week', year: 'Reporting year' };

// Whether an API value was suppressed by disclosure control.
export function isSuppressed(point) {
  if (point === 'c') return true;
  return Boolean(point) && typeof point === 'object' && (point.suppressed === true || point.value === 'c');
}

// A usable number, or null (suppressed, unknown).
export function numeric(value) {
  if (value === null || value === undefined || value === '' || value === 'c') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

// Decimal places to show for a statistic: percentages, medians and CIN and CPP rates have 1;
// counts none; CLA rates are whole numbers. A value from the API already has its rounding.
export function decimalsFor(measure) {
  if (!measure) return 0;
  if (measure.rounding !== undefined && measure.rounding !== null && measure.rounding !== '') {
    const r = Number(measure.rounding);
    if (Number.isInteger(r) && r >= 0 && r <= 3) return r;
  }
  return ['percentage', 'median'].includes(measure.statistic) ? 1 : 0;
}

function fixed(n, decimals) {
  return Number(n).toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

// A value as people read it: "c" when suppressed, "Not available" when there is none, else the
// number with its decimals and "%" for a percentage ("66.7%", "1,392", "20.0").
export function formatValue(value, measure = {}) {
  if (value === 'c') return 'c';
  const n = numeric(value);
  if (n === null) return 'Not available';
  const text = fixed(n, decimalsFor(measure));
  return measure.statistic === 'percentage' ? `${text}%` : text;
}

// The unit after a value, where it helps ("per 10,000 children", "days"); not for "%".
export function unitWords(measure = {}) {
  if (measure.statistic === 'percentage' || !measure.unit || measure.unit === '%') return '';
  return measure.unit;
}

// The difference latest − earlier, rounded to the value's decimals (no 0.30000000000000004);
// null when either is missing or suppressed.
export function difference(latest, earlier, decimals = 0) {
  const a = numeric(latest);
  const b = numeric(earlier);
  if (a === null || b === null) return null;
  const factor = 10 ** decimals;
  return Math.round((a - b) * factor) / factor;
}

// "down 3.2 from a year ago", "up 1 from a year ago", "no change from a year ago"; percentages
// change by percentage points. null when there is nothing to compare.
export function changeWords(latest, earlier, measure = {}) {
  const decimals = decimalsFor(measure);
  const diff = difference(latest, earlier, decimals);
  if (diff === null) return null;
  if (diff === 0) return 'no change from a year ago';
  const size = fixed(Math.abs(diff), decimals);
  const points = measure.statistic === 'percentage' ? ` percentage point${Math.abs(diff) === 1 ? '' : 's'}` : '';
  return `${diff < 0 ? 'down' : 'up'} ${size}${points} from a year ago`;
}

// Whether the change is 'better', 'worse' or 'same', from the catalogue's lower_is_better; null
// when there is nothing to compare or the measure has no better direction.
export function judgement(latest, earlier, lowerIsBetter, decimals = 1) {
  const diff = difference(latest, earlier, decimals);
  if (diff === null) return null;
  if (diff === 0) return 'same';
  if (lowerIsBetter === null || lowerIsBetter === undefined) return null;
  return (diff < 0) === Boolean(lowerIsBetter) ? 'better' : 'worse';
}

// The sentence beside a value: "Down 3.2 from a year ago: better." and the like.
export function changeSentence(latest, earlier, measure = {}) {
  if (latest === 'c' || earlier === 'c') return 'No comparison with a year ago: a figure is hidden to protect privacy.';
  const words = changeWords(latest, earlier, measure);
  if (!words) return 'No figure for a year ago to compare with.';
  const verdict = judgement(latest, earlier, measure.lower_is_better, decimalsFor(measure));
  const capital = words.charAt(0).toUpperCase() + words.slice(1);
  if (verdict === 'better') return `${capital}: better.`;
  if (verdict === 'worse') return `${capital}: worse.`;
  return `${capital}.`;
}

// YYYY-MM-DD plus days (negative for earlier).
export function addDaysIso(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// The same date a year earlier (29 February becomes 28 February).
export function yearAgo(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// The reporting year (1 April to 31 March, named by its 31 March) that a date is in.
export function reportingYear(iso) {
  const [y, m] = iso.split('-').map(Number);
  return m >= 4 ? y + 1 : y;
}

// "2024-25" for the reporting year 2025.
export function reportingYearName(year) {
  return `${year - 1}-${String(year % 100).padStart(2, '0')}`;
}

// "Updated 14:05": the time in England, 24-hour clock.
export function updatedAt(date) {
  const text = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/London' }).format(date);
  return `Updated ${text}`;
}

// Weekly points of a series as numbers for a chart: suppressed and unknown values are gaps.
export function chartValues(points) {
  return points.map((p) => numeric(p.value));
}

// A small trend line: "x,y x,y" for an SVG polyline in a width × height box; gaps are skipped.
// The line fills the box from its lowest to its highest value (a flat line sits in the middle).
export function sparkPoints(values, width, height, pad = 4) {
  const known = values.map(numeric).filter((v) => v !== null);
  if (!known.length) return '';
  const min = Math.min(...known);
  const max = Math.max(...known);
  const n = values.length;
  const out = [];
  values.forEach((value, i) => {
    const v = numeric(value);
    if (v === null) return;
    const x = n === 1 ? width / 2 : pad + ((width - 2 * pad) * i) / (n - 1);
    const y = max === min ? height / 2 : pad + (height - 2 * pad) * (1 - (v - min) / (max - min));
    out.push(`${Math.round(x * 10) / 10},${Math.round(y * 10) / 10}`);
  });
  return out.join(' ');
}

// For a report card's comparison: "the targeted group against the rest" needs a group or a cluster.
export function canCompareWithRest(scope) {
  return Boolean(scope) && (scope.startsWith('group:') || scope.startsWith('cluster:'));
}
