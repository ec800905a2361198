// Steps a person takes in the web app, written once for the tests: sign in, fill GOV.UK fields, check a page.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkAccessibility } from './a11y.mjs';

// Waits for the app to finish drawing a page whose h1 matches heading.
export async function expectHeading(page, heading) {
  await page.locator('h1', { hasText: heading }).first().waitFor();
  await page.waitForFunction(() => !document.getElementById('main-content').hasAttribute('aria-busy'));
}

// The checks made on every page the tests visit: a heading, a title, and no serious axe problem.
export async function checkPage(page, env, name, { heading, screenshot = true } = {}) {
  if (heading) await expectHeading(page, heading);
  const title = await page.title();
  assert.match(title, / - Family group conferences$/, `the title of ${name} names the service: ${title}`);
  await checkAccessibility(page, name);
  if (screenshot) {
    mkdirSync(env.screenshotDir, { recursive: true });
    await page.screenshot({ path: join(env.screenshotDir, `${name}.png`), fullPage: true });
  }
}

export async function signIn(page, username, password) {
  await expectHeading(page, 'Sign in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page) {
  await page.getByRole('link', { name: 'Sign out' }).click();
  await expectHeading(page, 'Sign in');
  await page.getByText('You have signed out').waitFor();
}

// Types a date into a GOV.UK date input found by its legend.
export async function fillDate(scope, legend, iso) {
  const [year, month, day] = iso.split('-');
  const group = scope.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}

// Chooses a radio in the fieldset with this legend.
export async function choose(scope, legend, option) {
  await scope.getByRole('group', { name: legend }).getByLabel(option, { exact: true }).check();
}

// The texts of the error summary's items, once it is shown.
export async function errorSummaryItems(page) {
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  return summary.locator('.govuk-error-summary__list li').allInnerTexts();
}

// Today's date in England and a date some days from it, as YYYY-MM-DD.
export function isoDate(offsetDays = 0) {
  const now = new Date(Date.now() + offsetDays * 86400000);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

// Waits for the success banner that follows a change, with this heading.
export async function expectSuccess(page, heading) {
  await page.locator('.govuk-notification-banner--success').getByText(heading).waitFor();
}
