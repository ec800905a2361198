// End to end in Chromium: a manager's dashboard of key measures, a report card and the wall display (refreshing, and keeping the last figures when a refresh fails).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadEnv } from './lib/env.mjs';
import { startBrowser } from './lib/browser.mjs';
import { accessibilitySummary } from './lib/a11y.mjs';
import { apiRequest, makeCluster } from './lib/api.mjs';
import { checkPage, expectHeading, isoDate, signIn, signOut } from './lib/pages.mjs';

const env = loadEnv();
let browser;
let page;
let cluster;
let authority;

const MEASURES = [
  'Children looked after per 10,000 children',
  'Children in need per 10,000 children',
  'Children on a child protection plan per 10,000 children',
  'Re-referral rate within 12 months',
  'Family group conferences held',
  'Family group conferences with a plan agreed',
  'Days from referral to conference (median)',
  'Children not looked after 12 months after their FGC',
  'People trained: Awareness Raising',
  'People trained: Deep Dive',
];
// Rates have a population (set below) and counts always have a value; the others may have no
// cases yet in the fixture's new authority.
const ALWAYS_A_NUMBER = new Set([MEASURES[0], MEASURES[1], MEASURES[2], MEASURES[4], MEASURES[8], MEASURES[9]]);
const VALUE = /^(c|Not available|\d[\d,]*(\.\d)?%?)$/;

// Chromium logs the 503s this test causes on purpose as console errors.
const unexpectedFaults = () => browser.faults.filter((f) => !/status of 503/.test(f));

before(async () => {
  browser = await startBrowser();
  page = browser.page;
  // A new authority with a cluster and a population estimate, so that rates are worked out.
  cluster = await makeCluster(env);
  authority = { code: `E${cluster.code.slice(4)}`, name: `E2E authority E${cluster.code.slice(4)}` };
  const year = Number(isoDate().slice(0, 4)) - 1;
  const population = await apiRequest(env, 'PUT', `/api/v1/areas/${authority.code}/populations/${year}`, { vintage: `mid-${year}`, population_0_17: 24000 });
  assert.ok([200, 201].includes(population.status), JSON.stringify(population.body));
});

after(async () => {
  if (browser) await browser.close();
  console.log(accessibilitySummary());
});

describe('the manager dashboard', () => {
  it('a manager lands on the dashboard, reads the key measures and a report card', async () => {
    await page.goto(`${env.baseUrl}/`);
    await signIn(page, 'manager1', env.password('manager1'));
    await page.waitForURL(/\/dashboard/);
    await page.locator('.govuk-caption-l', { hasText: 'Dashboard' }).waitFor();
    const nav = (await page.locator('#navigation a').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(nav, ['Dashboard', 'Referrals', 'Children', 'Progress', 'Your account', 'Sign out']);

    await page.goto(`${env.baseUrl}/dashboard?area=${authority.code}`);
    await expectHeading(page, authority.name);
    const table = page.locator('table', { has: page.locator('caption', { hasText: 'Key measures' }) });
    for (const name of MEASURES) {
      const row = table.locator('tr', { has: page.locator('th', { hasText: name }) });
      assert.equal(await row.count(), 1, `a row for ${name}`);
      const value = (await row.locator('.app-dashboard__value').innerText()).trim();
      assert.match(value, VALUE, `${name}: ${value}`);
      if (ALWAYS_A_NUMBER.has(name)) assert.match(value, /^\d/, `${name} has a number: ${value}`);
      assert.match(await row.innerText(), /from a year ago|No figure for a year ago|hidden to protect privacy/);
    }
    await page.getByText('c: fewer than 6 children, hidden to protect privacy').first().waitFor();
    assert.ok(await page.locator('svg.app-chart__svg').count() >= 8, 'a weekly line for each measure');
    await checkPage(page, env, '60-manager-dashboard', { heading: authority.name });

    await table.locator('tr', { has: page.locator('th', { hasText: MEASURES[0] }) }).getByRole('link', { name: /Report card/ }).click();
    await expectHeading(page, 'Children looked after per 10,000 children');
    await page.getByRole('heading', { name: 'Baseline, forecast and actual' }).waitFor();
    const clusters = page.locator('table', { has: page.locator('caption', { hasText: 'by cluster' }) });
    await clusters.locator('th', { hasText: cluster.name }).waitFor();
    assert.ok(await page.locator('table', { has: page.locator('caption', { hasText: 'by period' }) }).count() === 1);
    await checkPage(page, env, '61-report-card', { heading: 'Children looked after per 10,000 children' });

    // The cluster against the rest of the authority, by quarter.
    await page.getByLabel('Area or group', { exact: true }).selectOption(`cluster:${cluster.code}`);
    await page.getByLabel('Compare with', { exact: true }).selectOption('rest');
    await page.getByLabel('Period', { exact: true }).selectOption('quarter');
    await page.getByRole('button', { name: 'Show report card' }).click();
    await page.locator('.govuk-caption-l', { hasText: `Report card: ${cluster.name}` }).waitFor();
    await page.locator('.govuk-summary-list__key', { hasText: 'Against the rest of the authority' }).waitFor();
    await checkPage(page, env, '62-report-card-cluster-vs-rest', { heading: 'Children looked after per 10,000 children' });
    assert.deepEqual(unexpectedFaults(), []);
  });

  it('the wall display shows the figures, refreshes them and keeps the last ones when a refresh fails', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.clock.install();
    await page.goto(`${env.baseUrl}/dashboard?area=${authority.code}`);
    await expectHeading(page, authority.name);
    await page.getByRole('link', { name: 'Open the wall display' }).click();
    await expectHeading(page, `${authority.name}: key measures`);
    const updated = page.locator('#wall-updated');
    assert.match(await updated.innerText(), /^Updated \d\d:\d\d$/);
    assert.equal(await page.locator('#app-navigation').isVisible(), false, 'no navigation on the wall');
    assert.equal(await page.locator('.app-wall__tile').count(), MEASURES.length);
    for (const tile of await page.locator('.app-wall__value').allInnerTexts()) assert.match(tile.replace(/^.*: /s, '').trim().split('\n')[0].trim(), VALUE);
    await checkPage(page, env, '63-wall-display', { heading: `${authority.name}: key measures` });

    // The service stops answering: the figures stay, with a notice.
    await page.route('**/api/v1/indicators**', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"title":"Service unavailable","status":503}' }));
    await page.clock.runFor(5 * 60 * 1000 + 1000);
    const notice = page.locator('#wall-notice');
    await notice.getByText('The figures could not be refreshed').waitFor();
    assert.equal(await page.locator('.app-wall__tile').count(), MEASURES.length);
    await checkPage(page, env, '64-wall-display-refresh-failed', { heading: `${authority.name}: key measures` });

    // It answers again: the notice goes at the next refresh.
    await page.unroute('**/api/v1/indicators**');
    await page.clock.runFor(5 * 60 * 1000 + 1000);
    await notice.waitFor({ state: 'hidden' });
    assert.match(await updated.innerText(), /^Updated \d\d:\d\d$/);

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${env.baseUrl}/sign-out`);
    await expectHeading(page, 'Sign in');
    assert.deepEqual(unexpectedFaults(), []);
  });

  it('a social worker may not open the dashboard or the wall display', async () => {
    await page.goto(`${env.baseUrl}/dashboard`);
    await signIn(page, 'sw1', env.password('sw1'));
    await expectHeading(page, 'You do not have access');
    const nav = (await page.locator('#navigation a').allInnerTexts()).map((t) => t.trim());
    assert.equal(nav.includes('Dashboard'), false);
    await checkPage(page, env, '65-social-worker-no-dashboard', { heading: 'You do not have access' });
    await page.goto(`${env.baseUrl}/wall`);
    await expectHeading(page, 'You do not have access');
    await signOut(page);
    assert.deepEqual(unexpectedFaults(), []);
  });
});
