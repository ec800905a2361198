// A simple SVG line chart (no script, no style attributes) whose figures are also given in a table beside it.
import { html } from '../html.js';

// A step for the vertical axis: 1, 2 or 5 times a power of ten, at least `raw`.
export function niceStep(raw) {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) {
    if (factor * power >= raw - 1e-9) return Math.max(1, factor * power);
  }
  return Math.max(1, 10 * power);
}

// The values marked on the vertical axis: from 0 to a round number at or above max, in about
// `count` steps of whole numbers.
export function axisTicks(max, count = 4) {
  const step = niceStep((Number(max) || 0) / count);
  const top = Math.max(step, Math.ceil((Number(max) || 0) / step) * step);
  const ticks = [];
  for (let value = 0; value <= top + 1e-9; value += step) ticks.push(value);
  return ticks;
}

// Points "x,y x,y ..." of a series on the plot area, one per label; null values are left out
// (a series stops where its figures stop).
export function linePoints(values, { left, top, width, height, max }) {
  const n = values.length;
  const points = [];
  values.forEach((value, i) => {
    if (value === null || value === undefined) return;
    const x = n === 1 ? left + width / 2 : left + (width * i) / (n - 1);
    const y = top + height - (max > 0 ? (height * Number(value)) / max : 0);
    points.push(`${Math.round(x * 10) / 10},${Math.round(y * 10) / 10}`);
  });
  return points.join(' ');
}

const COLOURS = ['#1d70b8', '#505a5f', '#d4351c'];
const DASHES = ['', '8 6', '2 4'];

// labels: the words under each point (only some are shown); series: [{name, values}]. The first
// series is a solid line, the second dashed, so they differ by more than colour. id: unique on
// the page. The chart is an image whose text alternative says where the figures are.
export function lineChart({ id, title, summary, labels, series, xLabel, yLabel }) {
  const width = 720;
  const height = 340;
  const plot = { left: 64, top: 16, width: width - 64 - 24, height: height - 16 - 64 };
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined).map(Number)));
  const ticks = axisTicks(max);
  plot.max = ticks[ticks.length - 1];
  const y = (value) => plot.top + plot.height - (plot.height * value) / plot.max;
  // The first, last and a few labels between, so that they do not overlap.
  const every = Math.max(1, Math.ceil(labels.length / 6));
  const shown = labels.map((text, i) => ({ text, i })).filter(({ i }) => i === 0 || i === labels.length - 1 || (i % every === 0 && labels.length - 1 - i >= every / 2));
  const x = (i) => (labels.length === 1 ? plot.left + plot.width / 2 : plot.left + (plot.width * i) / (labels.length - 1));
  return html`<figure class="app-chart">
  <svg class="app-chart__svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" xmlns="http://www.w3.org/2000/svg">
    <title id="${id}-title">${title}</title>
    <desc id="${id}-desc">${summary}</desc>
    ${ticks.map((t) => html`<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${y(t)}" y2="${y(t)}" stroke="#b1b4b6" stroke-width="1"></line>
    <text x="${plot.left - 8}" y="${y(t) + 5}" text-anchor="end" font-size="14" fill="#0b0c0c">${t.toLocaleString('en-GB')}</text>`)}
    <line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.top + plot.height}" stroke="#0b0c0c" stroke-width="1"></line>
    ${shown.map(({ text, i }) => html`<text x="${x(i)}" y="${plot.top + plot.height + 22}" text-anchor="${i === 0 ? 'start' : i === labels.length - 1 ? 'end' : 'middle'}" font-size="14" fill="#0b0c0c">${text}</text>`)}
    ${xLabel ? html`<text x="${plot.left + plot.width / 2}" y="${height - 8}" text-anchor="middle" font-size="14" fill="#0b0c0c">${xLabel}</text>` : ''}
    ${yLabel ? html`<text x="16" y="${plot.top + plot.height / 2}" text-anchor="middle" font-size="14" fill="#0b0c0c" transform="rotate(-90 16 ${plot.top + plot.height / 2})">${yLabel}</text>` : ''}
    ${series.map((s, k) => html`<polyline points="${linePoints(s.values, plot)}" fill="none" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="3"${DASHES[k % DASHES.length] ? html` stroke-dasharray="${DASHES[k % DASHES.length]}"` : ''}></polyline>`)}
  </svg>
  <figcaption class="govuk-body-s app-chart__key">
    <span class="govuk-visually-hidden">Key: </span>
    ${series.map((s, k) => html`<span class="app-chart__key-item"><svg class="app-chart__key-line" viewBox="0 0 40 10" width="40" height="10" aria-hidden="true" focusable="false"><line x1="0" x2="40" y1="5" y2="5" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="3"${DASHES[k % DASHES.length] ? html` stroke-dasharray="${DASHES[k % DASHES.length]}"` : ''}></line></svg> ${s.name}</span>`)}
  </figcaption>
</figure>`;
}
