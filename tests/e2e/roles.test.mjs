// End to end in Chromium: managers, data analysts and trainers see only what their role can use.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadEnv } from './lib/env.mjs';
import { startBrowser } from './lib/browser.mjs';
import { accessibilitySummary } from './lib/a11y.mjs';
import { checkPage, expectHeading, signIn, signOut } from './lib/pages.mjs';
import { checkAccessibility } from './lib/a11y.mjs';

const env = loadEnv();
let browser;
let page;

before(async () => {
  browser = await startBrowser();
  page = browser.page;
});

after(async () => {
  if (browser) await browser.close();
  console.log(accessibilitySummary());
});

async function navigation() {
  const items = await page.locator('#navigation a').allInnerTexts();
  return items.map((t) => t.trim());
}

describe('the navigation shows only what the role can use', () => {
  it('a manager reads referrals and children but cannot change them', async () => {
    await page.goto(`${env.baseUrl}/`);
    await signIn(page, 'manager1', env.password('manager1'));
    // Managers start at the dashboard (dashboard.test.mjs).
    await page.locator('.govuk-caption-l', { hasText: 'Dashboard' }).waitFor();
    assert.deepEqual(await navigation(), ['Dashboard', 'Referrals', 'Children', 'Progress', 'Your account', 'Sign out']);
    await page.locator('#navigation').getByRole('link', { name: 'Children' }).click();
    await expectHeading(page, 'Children');
    assert.equal(await page.getByRole('button', { name: 'Add a child' }).count(), 0);
    await checkPage(page, env, '30-manager-children', { heading: 'Children' });
    await page.goto(`${env.baseUrl}/children/new`);
    await expectHeading(page, 'You do not have access');
    await signOut(page);
    assert.deepEqual(browser.faults, []);
  });

  it('a data analyst cannot search by name', async () => {
    await signIn(page, 'analyst1', env.password('analyst1'));
    await expectHeading(page, 'Referrals');
    await page.getByRole('link', { name: 'Children' }).click();
    await expectHeading(page, 'Children');
    assert.equal(await page.getByLabel('Search by name').count(), 0);
    await checkPage(page, env, '31-analyst-children', { heading: 'Children' });
    await signOut(page);
    assert.deepEqual(browser.faults, []);
  });

  it('a trainer sees their account and no case records', async () => {
    await signIn(page, 'trainer1', env.password('trainer1'));
    // The training pages (training.test.mjs) start at the sessions.
    await expectHeading(page, 'Training sessions');
    assert.deepEqual(await navigation(), ['Courses', 'Sessions', 'Progress', 'Your account', 'Sign out']);
    await page.getByRole('link', { name: 'Your account' }).click();
    await expectHeading(page, 'Your account');
    await checkPage(page, env, '32-trainer-account', { heading: 'Your account' });
    await page.goto(`${env.baseUrl}/referrals`);
    await expectHeading(page, 'You do not have access');
    await checkPage(page, env, '33-trainer-no-access', { heading: 'You do not have access' });
    await page.goto(`${env.baseUrl}/no/such/page`);
    await expectHeading(page, 'Page not found');
    await checkPage(page, env, '34-page-not-found', { heading: 'Page not found' });
    await signOut(page);
    assert.deepEqual(browser.faults, []);
  });

  it('is warned before the session times out, may stay signed in, and is signed out after', async () => {
    // A fake clock, so that half an hour passes at once (set before the app loads).
    await page.clock.install();
    await page.goto(`${env.baseUrl}/referrals`);
    await signIn(page, 'manager1', env.password('manager1'));
    await expectHeading(page, 'Referrals');
    const dialog = page.getByRole('dialog', { name: 'You are about to be signed out' });

    await page.clock.fastForward('27:10');
    await dialog.waitFor();
    await checkAccessibility(page, '35-timeout-warning');
    await page.screenshot({ path: `${env.screenshotDir}/35-timeout-warning.png` });
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectHeading(page, 'Referrals');

    await page.clock.fastForward('27:10');
    await dialog.waitFor();
    await page.clock.fastForward('02:00');
    await expectHeading(page, 'Sign in');
    await page.getByText('You have been signed out').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('return'), '/referrals');
    assert.deepEqual(browser.faults, []);
  });
});
