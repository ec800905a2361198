// Runs axe-core on the page as it is now and fails on any serious or critical violation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Every page checked, with its violations of any impact, for the summary printed at the end.
export const checkedPages = [];

// axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy
// does not apply to, so the policy stays on while testing.
export async function checkAccessibility(page, name) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  const violations = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  checkedPages.push({ name, url: page.url(), violations });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe found serious or critical problems on ${name} (${page.url()}):\n${JSON.stringify(serious, null, 2)}`);
  return violations;
}

// One line per page checked, for the test's output.
export function accessibilitySummary() {
  const lines = checkedPages.map((p) => `  ${p.name}: ${p.violations.length ? p.violations.map((v) => `${v.id} (${v.impact})`).join(', ') : 'no violations'}`);
  return `axe-core checked ${checkedPages.length} pages:\n${lines.join('\n')}`;
}
