// End to end in Chromium: an administrator sets up teams, users, tokens, areas, groups, targets and unit costs; others cannot.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomInt } from 'node:crypto';
import { loadEnv } from './lib/env.mjs';
import { apiRequest } from './lib/api.mjs';
import { startBrowser } from './lib/browser.mjs';
import { accessibilitySummary } from './lib/a11y.mjs';
import { checkPage, choose, errorSummaryItems, expectHeading, expectSuccess, fillDate, isoDate, signIn, signOut } from './lib/pages.mjs';

const env = loadEnv();
let browser;
let page;
// Names no other test or earlier run uses.
const suffix = String(randomInt(10 ** 6)).padStart(6, '0');
const teamName = `E2E admin team ${suffix}`;
const username = `e2e.admin.${suffix}`;
const displayName = `Robin Admintest ${suffix}`;
const clusterCode = `E2EA-${suffix}`;
const clusterName = `Admintest cluster ${suffix}`;
const groupName = `Targeted clusters ${suffix}`;
let authority; // {code, name}
let userUrl;

before(async () => {
  browser = await startBrowser();
  page = browser.page;
});

// Unit costs are one set for the whole service: whatever happens, leave the defaults in place.
after(async () => {
  try {
    const { body } = await apiRequest(env, 'GET', '/api/v1/unit-costs');
    for (const item of body.items.filter((i) => i.from === 'stored')) {
      await fetch(`${env.baseUrl}/api/v1/unit-costs/${item.status}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${env.adminToken}`, 'If-Match': `"${item.version}"` },
      });
    }
  } finally {
    if (browser) await browser.close();
    console.log(accessibilitySummary());
  }
});

function assertNoFaults() {
  assert.deepEqual(browser.faults, [], `the browser reported:\n${browser.faults.join('\n')}`);
}

async function navigation() {
  const items = await page.locator('#navigation a').allInnerTexts();
  return items.map((t) => t.trim());
}

// Goes to a section of Admin through the navigation and its sub-navigation.
async function openSection(text, heading = text) {
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  await expectHeading(page, 'Administration');
  await page.getByRole('main').getByRole('link', { name: text, exact: true }).first().click();
  await expectHeading(page, heading);
}

describe('an administrator', () => {
  it('sees Admin in the navigation and its start page', async () => {
    await page.goto(`${env.baseUrl}/`);
    await signIn(page, 'admin', env.password('admin'));
    await expectHeading(page, 'Referrals');
    assert.ok((await navigation()).includes('Admin'));
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await expectHeading(page, 'Administration');
    assert.equal(await page.locator('#navigation [aria-current="page"]').innerText(), 'Admin');
    await checkPage(page, env, 'admin-01-start', { heading: 'Administration' });
    assertNoFaults();
  });

  it('adds a team, with an error first', async () => {
    await openSection('Teams');
    await checkPage(page, env, 'admin-02-teams', { heading: 'Teams' });
    await page.getByRole('button', { name: 'Add a team' }).click();
    await expectHeading(page, 'Add a team');
    await page.getByRole('button', { name: 'Add team' }).click();
    assert.deepEqual(await errorSummaryItems(page), ['Enter the team name']);
    assert.match(await page.title(), /^Error: Add a team/);
    await checkPage(page, env, 'admin-03-team-error');
    await page.getByLabel('Team name').fill(teamName);
    await page.getByRole('button', { name: 'Add team' }).click();
    await expectSuccess(page, `${teamName} has been added`);
    await page.getByRole('cell', { name: teamName, exact: true }).waitFor();
    assertNoFaults();
  });

  it('adds a user in the new team and finds them with the filters', async () => {
    await openSection('Users');
    await page.getByRole('button', { name: 'Add a user' }).click();
    await expectHeading(page, 'Add a user');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Full name (optional)').fill(displayName);
    await choose(page, 'Role', 'Social worker');
    await page.getByLabel('Team (optional)').selectOption({ label: teamName });
    await checkPage(page, env, 'admin-04-user-new');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expectSuccess(page, `${displayName} has been added`);
    await expectHeading(page, displayName);
    userUrl = new URL(page.url()).pathname;
    assert.match(userUrl, /^\/admin\/users\/\d+$/);
    const main = await page.locator('main').innerText();
    assert.match(main, /Social worker/);
    assert.match(main, new RegExp(teamName));
    assert.match(main, new RegExp(`fgcd user passwd ${username.replace(/\./g, '\\.')}`));
    await checkPage(page, env, 'admin-05-user', { heading: displayName });

    await page.getByRole('link', { name: 'Back to users' }).click();
    await expectHeading(page, 'Users');
    await page.getByLabel('Team').selectOption({ label: teamName });
    await page.getByLabel('Role').selectOption({ label: 'Social worker' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/admin\/users\?role=social_worker&team_id=\d+$/);
    await page.locator('caption', { hasText: 'Users matching the filters' }).waitFor();
    await page.getByRole('link', { name: displayName }).waitFor();
    assert.equal(await page.locator('table tbody tr').count(), 1);
    await checkPage(page, env, 'admin-06-users-filtered', { heading: 'Users' });
    assertNoFaults();
  });

  it('changes the user’s role, after being told someone else changed them meanwhile', async () => {
    await page.goto(`${env.baseUrl}${userUrl}`);
    await expectHeading(page, displayName);
    await page.getByRole('button', { name: 'Change details' }).click();
    await expectHeading(page, 'Change a user’s details');

    // Someone else changes the user from another tab while this page is open.
    const other = await browser.context.newPage();
    await other.goto(`${env.baseUrl}${userUrl}/edit`);
    await expectHeading(other, 'Change a user’s details');
    await other.getByLabel('Full name').fill(`${displayName} Jr`);
    await other.getByRole('button', { name: 'Save changes' }).click();
    await expectSuccess(other, 'Changes saved');
    await other.close();

    await choose(page, 'Role', 'FGC coordinator');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const items = await errorSummaryItems(page);
    assert.match(items.join('\n'), /Someone changed this record after you opened this page/);
    assert.match(items.join('\n'), /Reload the page to see the latest version/);
    assert.equal(await page.getByLabel('FGC coordinator').isChecked(), true, 'what was chosen is kept');
    await checkPage(page, env, 'admin-07-user-edit-conflict');

    await page.getByRole('link', { name: 'Reload the page to see the latest version' }).click();
    await expectHeading(page, 'Change a user’s details');
    assert.equal(await page.getByLabel('Full name').inputValue(), `${displayName} Jr`);
    await choose(page, 'Role', 'FGC coordinator');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expectSuccess(page, 'Changes saved');
    assert.match(await page.locator('main').innerText(), /FGC coordinator/);
    assertNoFaults();
  });

  it('issues an API token that is shown once and works', async () => {
    await page.getByRole('button', { name: 'Issue an API token' }).click();
    await expectHeading(page, 'Issue an API token');
    await page.getByLabel('What is the token for? (optional)').fill('E2E script');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await expectHeading(page, 'API token issued');
    await page.getByText('It will not be shown again').waitFor();
    const token = await page.getByLabel('API token').inputValue();
    assert.match(token, /^fgc_/);
    await checkPage(page, env, 'admin-08-token-issued', { heading: 'API token issued' });

    const me = await fetch(`${env.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).username, username);

    // Once the page is left, the token is gone.
    await page.getByRole('link', { name: /^Back to / }).click();
    await expectHeading(page, `${displayName} Jr`);
    assert.equal(await page.locator('main').innerText().then((t) => t.includes(token)), false);
    assertNoFaults();
  });

  it('adds a local authority, a cluster and a population estimate, and renames the cluster', async () => {
    await openSection('Areas');
    await checkPage(page, env, 'admin-09-areas', { heading: 'Areas' });
    await page.getByRole('button', { name: 'Add a local authority' }).click();
    await expectHeading(page, 'Add a local authority');
    for (let attempt = 0; ; attempt++) {
      const code = `E${String(randomInt(10 ** 8)).padStart(8, '0')}`;
      await page.getByLabel('Name').fill(`Admintest authority ${suffix}`);
      await page.getByLabel('ONS code').fill(code);
      await page.getByRole('button', { name: 'Add local authority' }).click();
      const outcome = await Promise.race([
        page.locator('.govuk-notification-banner--success').waitFor().then(() => 'added'),
        page.locator('.govuk-error-summary').waitFor().then(() => 'taken'),
      ]);
      if (outcome === 'added') {
        authority = { code, name: `Admintest authority ${suffix}` };
        break;
      }
      assert.ok(attempt < 4, 'a free local authority code');
    }
    await expectHeading(page, authority.name);

    await page.getByRole('button', { name: 'Add a cluster' }).click();
    await expectHeading(page, 'Add a cluster');
    await page.getByLabel('Name').fill(clusterName);
    await page.getByLabel('Code').fill(clusterCode.toLowerCase());
    await page.getByRole('button', { name: 'Add cluster' }).click();
    await expectSuccess(page, `${clusterName} has been added`);
    await page.getByRole('link', { name: clusterName }).click();
    await expectHeading(page, clusterName);

    await page.getByRole('button', { name: 'Add a population estimate' }).click();
    await expectHeading(page, 'Add a population estimate');
    await page.getByLabel('Year').fill('24');
    await page.getByLabel('Number of children aged 0 to 17').fill('2400');
    await page.getByLabel('Vintage').fill('mid-2024 (July 2025)');
    await page.getByRole('button', { name: 'Save estimate' }).click();
    assert.deepEqual(await errorSummaryItems(page), ['Enter the mid-year of the estimate, such as 2024']);
    assert.equal(await page.getByLabel('Vintage').inputValue(), 'mid-2024 (July 2025)');
    await checkPage(page, env, 'admin-10-population-error');
    await page.getByLabel('Year').fill('2024');
    await page.getByRole('button', { name: 'Save estimate' }).click();
    await expectSuccess(page, 'Population estimate added');
    await page.getByRole('cell', { name: '2,400' }).waitFor();
    await checkPage(page, env, 'admin-11-cluster', { heading: clusterName });

    await page.getByRole('link', { name: 'Change name' }).click();
    await expectHeading(page, 'Rename a cluster');
    await page.getByLabel('Name').fill(`${clusterName} North`);
    await page.getByRole('button', { name: 'Save name' }).click();
    await expectSuccess(page, 'Name changed');
    await expectHeading(page, `${clusterName} North`);
    assertNoFaults();
  });

  it('creates an area group of the new cluster', async () => {
    await openSection('Area groups');
    await checkPage(page, env, 'admin-12-area-groups', { heading: 'Area groups' });
    await page.getByRole('button', { name: 'Create an area group' }).click();
    await expectHeading(page, 'Create an area group');
    // With more than one local authority (other tests add theirs), the first question is which.
    const chooser = page.getByLabel('Which local authority are the clusters in?');
    await chooser.or(page.getByLabel('Name')).first().waitFor();
    if (await chooser.count()) {
      await checkPage(page, env, 'admin-13-area-group-authority');
      await chooser.selectOption(authority.code);
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    await page.getByLabel('Name').waitFor();
    await page.getByLabel('Name').fill(groupName);
    await page.getByRole('button', { name: 'Create group' }).click();
    assert.deepEqual(await errorSummaryItems(page), ['Select the clusters in the group']);
    await page.getByLabel(`${clusterName} North (${clusterCode})`).check();
    await checkPage(page, env, 'admin-14-area-group-new');
    await page.getByRole('button', { name: 'Create group' }).click();
    await expectSuccess(page, `${groupName} has been created`);
    await page.getByRole('link', { name: groupName }).waitFor();
    assertNoFaults();
  });

  it('sets an indicator target for the group', async () => {
    await openSection('Targets');
    await page.getByRole('button', { name: 'Add an indicator target' }).click();
    await expectHeading(page, 'Add an indicator target');
    const indicator = page.getByLabel('Indicator', { exact: true });
    const chosen = await indicator.locator('option').nth(1).textContent();
    await indicator.selectOption({ index: 1 });
    await page.getByLabel('Area group').selectOption({ label: `${groupName} (${authority.code})` });
    await page.getByLabel('Target value').fill('not a number');
    await fillDate(page, 'Date to reach it by', isoDate(365));
    await page.getByRole('button', { name: 'Add target' }).click();
    const items = await errorSummaryItems(page);
    assert.match(items.join('\n'), /The target value must be a number/);
    await checkPage(page, env, 'admin-15-indicator-target-error');
    await page.getByLabel('Target value').fill('12.5');
    await page.getByRole('button', { name: 'Add target' }).click();
    await expectSuccess(page, 'Indicator target added');
    const row = page.getByRole('row').filter({ hasText: `${groupName} (group)` });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(chosen.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(await row.innerText(), /12\.5/);
    await checkPage(page, env, 'admin-16-targets', { heading: 'Targets' });
    assertNoFaults();
  });

  it('sets a unit cost, sees it used, and goes back to the default', async () => {
    await openSection('Unit costs');
    const row = () => page.getByRole('row').filter({ hasText: 'Looked after' });
    assert.match(await row().innerText(), /£646/);
    assert.match(await row().innerText(), /Default/);
    await checkPage(page, env, 'admin-17-unit-costs', { heading: 'Unit costs' });
    await page.getByRole('link', { name: 'Change the cost of looked after' }).click();
    await expectHeading(page, 'Looked after: cost per week');
    await page.getByLabel('Cost per child per week, in pounds').fill('£712.40');
    await page.getByRole('button', { name: 'Save cost' }).click();
    assert.deepEqual(await errorSummaryItems(page), ['Enter where the figure comes from']);
    await checkPage(page, env, 'admin-18-unit-cost-error');
    const source = `Fostering budget 2025-26 (${suffix})`;
    await page.getByLabel('Where the figure comes from').fill(source);
    await page.getByRole('button', { name: 'Save cost' }).click();
    await expectSuccess(page, 'Unit cost saved');
    assert.match(await row().innerText(), /£712\.40/);
    assert.match(await row().innerText(), new RegExp(suffix));

    // The cost-benefit analysis uses it and says where it comes from.
    const { body } = await apiRequest(env, 'GET', `/api/v1/cost-benefit?area=${authority.code}`);
    assert.equal(body.unit_costs.cla_week, 712.4);
    assert.equal(body.unit_costs.used.cla_week.from, 'stored');
    assert.equal(body.unit_costs.used.cla_week.source, source);
    assert.equal(body.unit_costs.used.cin_week.from, 'configuration');

    await page.getByRole('link', { name: 'Change the cost of looked after' }).click();
    await expectHeading(page, 'Looked after: cost per week');
    await page.getByRole('link', { name: 'Use the default of £646 instead' }).click();
    await expectHeading(page, 'Use the default cost for looked after?');
    await checkPage(page, env, 'admin-19-unit-cost-default', { heading: 'Use the default cost for looked after?' });
    await page.getByRole('button', { name: 'Use the default' }).click();
    await expectSuccess(page, 'Default cost used');
    assert.match(await row().innerText(), /£646/);
    await signOut(page);
    assertNoFaults();
  });
});

describe('someone who is not an administrator', () => {
  it('sees no Admin navigation and may not open an admin page', async () => {
    await signIn(page, 'coord1', env.password('coord1'));
    await expectHeading(page, 'Referrals');
    assert.equal((await navigation()).includes('Admin'), false);
    await page.goto(`${env.baseUrl}/admin/users`);
    await expectHeading(page, 'You do not have access');
    assert.equal((await navigation()).includes('Admin'), false);
    await checkPage(page, env, 'admin-20-coordinator-no-access', { heading: 'You do not have access' });
    await page.goto(`${env.baseUrl}/admin/unit-costs`);
    await expectHeading(page, 'You do not have access');
    await signOut(page);
    assertNoFaults();
  });
});
