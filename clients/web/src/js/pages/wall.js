// The wall display: the key measures as big numbers with a weekly trend line, for a screen; refreshes its figures every 5 minutes.
import { ApiError, query } from '../api.js';
import { html } from '../html.js';
import { formatDate } from '../format.js';
import { SUPPRESSED_TEXT, changeSentence, formatValue, sparkPoints, unitWords, updatedAt } from '../dashboard.js';
import { chooseAuthority, loadKeyMeasures } from './dashboard.js';

export const REFRESH_MS = 5 * 60 * 1000;
const SPARK_W = 300;
const SPARK_H = 70;

function tile(result, index) {
  const id = `wall-${index}`;
  if (result.unavailable) {
    return html`<li class="app-wall__tile"><h2 class="app-wall__name" id="${id}">${result.km.short}</h2><p class="app-wall__note">${result.unavailable}</p></li>`;
  }
  const values = (result.points || []).map((p) => (p.value === 'c' ? null : p.value));
  const spark = sparkPoints(values, SPARK_W, SPARK_H);
  const first = result.points && result.points[0];
  const unit = unitWords(result.measure);
  return html`<li class="app-wall__tile">
  <h2 class="app-wall__name" id="${id}">${result.km.short}</h2>
  <p class="app-wall__value${/^[0-9c]/.test(formatValue(result.latest, result.measure)) ? '' : ' app-wall__value--words'}"><span class="govuk-visually-hidden">${result.name}: </span>${formatValue(result.latest, result.measure)}${unit && result.latest !== 'c' && result.latest !== null ? html`<span class="app-wall__unit"> ${unit}</span>` : ''}</p>
  <p class="app-wall__change">${changeSentence(result.latest, result.earlier, result.measure)}</p>
  ${spark ? html`<svg class="app-wall__spark" viewBox="0 0 ${SPARK_W} ${SPARK_H}" role="img" aria-label="${`Trend of ${result.name.toLowerCase()} each week since ${formatDate(first.start)}`}" focusable="false" xmlns="http://www.w3.org/2000/svg"><polyline points="${spark}" fill="none" stroke="#ffdd00" stroke-width="4" stroke-linejoin="round"></polyline></svg>` : ''}
</li>`;
}

// fresh: after a refresh, when the new figures fade in (not with prefers-reduced-motion).
function tiles(results, fresh = false) {
  return html`<ul class="app-wall__grid${fresh ? ' app-wall__grid--fresh' : ''}">${results.map(tile)}</ul>`;
}

export async function wallPage(ctx) {
  const { authority } = await chooseAuthority(ctx);
  let results = await loadKeyMeasures(ctx.user, authority);
  let updated = new Date();
  ctx.show({
    title: `Wall display${authority ? `: ${authority.name}` : ''}`,
    wall: true,
    body: html`<div class="app-wall">
  <div class="app-wall__header">
    <h1 class="app-wall__title">${authority ? authority.name : 'Key measures'}: key measures</h1>
    <p class="app-wall__updated" id="wall-updated" role="status">${updatedAt(updated)}</p>
  </div>
  <div id="wall-notice" class="app-wall__notice" role="alert" hidden></div>
  <div id="wall-tiles">${tiles(results)}</div>
  <p class="app-wall__footer">${SUPPRESSED_TEXT}. Figures refresh every 5 minutes. <a class="app-wall__link" href="/dashboard${query({ area: authority ? authority.code : '' })}">Back to the dashboard</a></p>
</div>`,
    init(root) {
      const grid = root.querySelector('#wall-tiles');
      const stamp = root.querySelector('#wall-updated');
      const notice = root.querySelector('#wall-notice');
      const timer = setInterval(async () => {
        // Stop when the user has gone to another page.
        if (!grid.isConnected) {
          clearInterval(timer);
          return;
        }
        try {
          results = await loadKeyMeasures(ctx.user, authority);
          updated = new Date();
          grid.innerHTML = String(tiles(results, true));
          stamp.textContent = updatedAt(updated);
          notice.hidden = true;
          notice.textContent = '';
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) {
            clearInterval(timer);
            ctx.fail(error);
            return;
          }
          // Keep the last good figures on the screen, and say so.
          notice.textContent = `The figures could not be refreshed. These are the figures from ${updatedAt(updated).replace('Updated ', '')}; the screen will try again in 5 minutes.`;
          notice.hidden = false;
        }
      }, REFRESH_MS);
    },
  });
}
