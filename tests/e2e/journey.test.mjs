// End to end in Chromium: a social worker adds a child and refers the family; a coordinator takes the referral to a plan.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomInt } from 'node:crypto';
import { loadEnv } from './lib/env.mjs';
import { makeCluster } from './lib/api.mjs';
import { startBrowser } from './lib/browser.mjs';
import { accessibilitySummary } from './lib/a11y.mjs';
import { checkPage, choose, errorSummaryItems, expectHeading, expectSuccess, fillDate, isoDate, signIn, signOut } from './lib/pages.mjs';

const env = loadEnv();
let browser;
let page;
let cluster;
const suffix = String(randomInt(10 ** 6)).padStart(6, '0');
const child = { first: 'Amelia', last: `Hart${suffix}`, born: '2017-06-14' };
let childUrl;
let referralUrl;

before(async () => {
  cluster = await makeCluster(env);
  browser = await startBrowser();
  page = browser.page;
});

after(async () => {
  if (browser) await browser.close();
  console.log(accessibilitySummary());
});

// Nothing the browser reported may be a fault: no script error, no CSP violation, no failed request.
function assertNoFaults() {
  assert.deepEqual(browser.faults, [], `the browser reported:\n${browser.faults.join('\n')}`);
}

describe('a social worker', () => {
  it('is sent to sign in when signed out, and back to the page afterwards', async () => {
    await page.goto(`${env.baseUrl}/cases`);
    await expectHeading(page, 'Sign in');
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.equal(new URL(page.url()).searchParams.get('return'), '/cases');
    await checkPage(page, env, '01-sign-in', { heading: 'Sign in' });

    // A wrong password: the error summary, the username kept, the password not.
    await signIn(page, 'sw1', 'not-the-password');
    const items = await errorSummaryItems(page);
    assert.deepEqual(items, ['Enter a correct username and password']);
    assert.equal(await page.getByLabel('Username').inputValue(), 'sw1');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
    assert.match(await page.title(), /^Error: Sign in/);
    await checkPage(page, env, '02-sign-in-error', { screenshot: true });

    await signIn(page, 'sw1', env.password('sw1'));
    await expectHeading(page, 'My cases');
    assert.equal(new URL(page.url()).pathname, '/cases');
    await checkPage(page, env, '03-my-cases', { heading: 'My cases' });
    const nav = await page.locator('#navigation').innerText();
    assert.match(nav, /My cases/);
    assert.match(nav, /Sign out/);
    assertNoFaults();
  });

  it('adds a child, and a failed submission keeps what was typed', async () => {
    await page.getByRole('button', { name: 'Add a child' }).click();
    await expectHeading(page, 'Add a child');
    await checkPage(page, env, '04-add-child', { heading: 'Add a child' });

    await page.getByLabel('First name').fill(child.first);
    await page.getByLabel('Last name').fill(child.last);
    await fillDate(page, 'Date of birth', '2017-02-30'); // no such date
    await page.getByLabel('Unique pupil number (optional)').fill('not-a-upn');
    await page.getByRole('button', { name: 'Add child' }).click();

    const items = await errorSummaryItems(page);
    assert.ok(items.includes('The date of birth must be a real date, for example 27 3 2026'), items.join('\n'));
    assert.ok(items.includes('Select the child’s sex'), items.join('\n'));
    assert.ok(items.includes('Select the area the child lives in'), items.join('\n'));
    assert.ok(items.includes('The unique pupil number must be a capital letter, 11 digits, then a digit or letter'), items.join('\n'));
    assert.match(await page.title(), /^Error: Add a child - Family group conferences$/);
    // The summary has focus, links to the field, and the field shows the same message.
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('govuk-error-summary')), true);
    assert.equal(await page.locator('.govuk-error-summary a[href="#date_of_birth-day"]').count(), 1);
    assert.match(await page.locator('#date_of_birth-error').innerText(), /The date of birth must be a real date/);
    assert.equal(await page.getByLabel('First name').inputValue(), child.first);
    assert.equal(await page.getByLabel('Last name').inputValue(), child.last);
    assert.equal(await page.locator('#date_of_birth-day').inputValue(), '30');
    await checkPage(page, env, '05-add-child-errors');

    // Following the summary's link moves focus to the field.
    await page.locator('.govuk-error-summary a[href="#date_of_birth-day"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'date_of_birth-day');

    await fillDate(page, 'Date of birth', child.born);
    await choose(page, 'Sex', 'Female');
    await page.getByLabel('Ethnicity').selectOption('WBRI');
    await page.getByLabel('Area').selectOption(cluster.code);
    await page.getByLabel('Unique pupil number (optional)').fill('');
    await page.getByRole('button', { name: 'Add child' }).click();

    await expectHeading(page, `${child.first} ${child.last}`);
    await expectSuccess(page, `${child.first} ${child.last} has been added`);
    childUrl = new URL(page.url()).pathname;
    assert.match(childUrl, /^\/children\/\d+$/);
    await checkPage(page, env, '06-child-record', { heading: `${child.first} ${child.last}` });
    assertNoFaults();
  });

  it('records a status change and adds someone to the family network', async () => {
    await page.getByRole('button', { name: 'Record a status change' }).click();
    await expectHeading(page, 'Record a status change');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.deepEqual(await errorSummaryItems(page), ['Select what you want to record']);
    await checkPage(page, env, '06a-status-choose-errors');
    await choose(page, 'What do you want to record?', 'Child in need episode');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectHeading(page, 'Record a child in need episode');
    await fillDate(page, 'Referral date', isoDate(-30));
    await page.getByLabel('Source of the referral (optional)').selectOption('2A');
    await page.getByLabel('Primary need (optional)').selectOption('N4');
    await choose(page, 'Was the referral closed with no further action?', 'No');
    await checkPage(page, env, '06b-cin-episode');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectSuccess(page, 'Child in need episode recorded');
    const chronology = page.locator('table', { has: page.locator('caption', { hasText: 'What has happened' }) });
    assert.match(await chronology.innerText(), /Referred to children’s social care|Referred to children's social care/);

    await page.getByRole('button', { name: 'Add someone to the family network' }).click();
    await expectHeading(page, 'Add someone to the family network');
    await page.getByLabel('Full name').fill('Margaret Hart');
    await page.getByLabel(/^Relationship to/).selectOption('grandparent');
    await choose(page, `Do they live with ${child.first} ${child.last}?`, 'No');
    await page.getByLabel('Notes (optional)').fill('Offered to have Amelia after school.');
    await checkPage(page, env, '06c-network-member');
    await page.getByRole('button', { name: 'Add to the network' }).click();
    await expectSuccess(page, 'Margaret Hart has been added to the family network');
    await checkPage(page, env, '06d-child-record-with-history', { heading: `${child.first} ${child.last}` });
    assertNoFaults();
  });

  it('refers the family, with the API’s messages on the fields it rejects', async () => {
    await page.getByRole('button', { name: 'Refer for a family group conference' }).click();
    await expectHeading(page, 'Refer the family for a family group conference');
    await checkPage(page, env, '07-refer');

    await fillDate(page, 'Referral date', isoDate(7)); // a week ahead: not allowed
    await choose(page, 'Where is the family in the system?', 'Child in need');
    await choose(page, 'Is domestic violence a factor?', 'Yes');
    await page.getByLabel('Referrer’s name, if they are not from the council (optional)').fill('Dr Okoro');
    await page.getByRole('button', { name: 'Make referral' }).click();

    const items = await errorSummaryItems(page);
    assert.ok(items.includes('The referral date must be today or in the past'), items.join('\n'));
    assert.ok(items.includes('Enter the reason for the referral'), items.join('\n'));
    assert.match(await page.locator('#referred_on-error').innerText(), /The referral date must be today or in the past/);
    assert.match(await page.locator('#reason-error').innerText(), /Enter the reason for the referral/);
    assert.equal(await page.getByRole('group', { name: 'Where is the family in the system?' }).getByLabel('Child in need', { exact: true }).isChecked(), true);
    assert.equal(await page.getByRole('group', { name: 'Is domestic violence a factor?' }).getByLabel('Yes').isChecked(), true);
    assert.equal(await page.getByLabel('Referrer’s name, if they are not from the council (optional)').inputValue(), 'Dr Okoro');
    await checkPage(page, env, '08-refer-errors');

    await fillDate(page, 'Referral date', isoDate(0));
    await page.getByLabel('Reason for the referral').fill('Mother recovering from surgery; grandparents willing to help.');
    await page.getByRole('button', { name: 'Make referral' }).click();

    await expectHeading(page, `Referral for ${child.first} ${child.last}`);
    await expectSuccess(page, /Referral \d+ made/);
    referralUrl = new URL(page.url()).pathname;
    assert.match(referralUrl, /^\/referrals\/\d+$/);
    assert.match(await page.locator('main').innerText(), /Status: Referred/);
    // A social worker cannot take the coordinator's steps, so none are offered.
    assert.equal(await page.getByRole('link', { name: 'Accept the referral' }).count(), 0);
    await checkPage(page, env, '09-referral-made');
    assertNoFaults();
  });

  it('is told they have no access to a coordinator’s page', async () => {
    await page.goto(`${env.baseUrl}${referralUrl}/accept`);
    await expectHeading(page, 'You do not have access');
    await checkPage(page, env, '10-no-access', { heading: 'You do not have access' });
    await signOut(page);
    await checkPage(page, env, '11-signed-out', { heading: 'Sign in' });
    assertNoFaults();
  });
});

describe('an FGC coordinator', () => {
  it('finds the new referral in the queue', async () => {
    await page.goto(`${env.baseUrl}/`);
    await signIn(page, 'coord1', env.password('coord1'));
    await expectHeading(page, 'Referrals');
    assert.equal(await page.locator('.app-sub-navigation [aria-current="page"]').innerText(), 'New');
    const id = referralUrl.split('/').pop();
    let link = page.getByRole('link', { name: `Referral ${id}`, exact: true });
    // The queue is paged, oldest first; follow "Next page" until the referral shows.
    while ((await link.count()) === 0) {
      await page.getByRole('link', { name: 'Next page' }).click();
      await expectHeading(page, 'Referrals');
      link = page.getByRole('link', { name: `Referral ${id}`, exact: true });
    }
    await checkPage(page, env, '12-referral-queue', { heading: 'Referrals' });
    await link.click();
    await expectHeading(page, `Referral for ${child.first} ${child.last}`);
    await checkPage(page, env, '13-referral-referred');
    assertNoFaults();
  });

  it('accepts the referral and allocates a coordinator', async () => {
    await page.getByRole('button', { name: 'Accept the referral' }).click();
    await expectHeading(page, 'Accept the referral');
    await checkPage(page, env, '14-accept');
    await page.getByRole('button', { name: 'Accept referral' }).click();
    await expectSuccess(page, 'Referral accepted');
    assert.match(await page.locator('main').innerText(), /Status: Accepted/);

    await page.getByRole('button', { name: 'Allocate a coordinator' }).click();
    await expectHeading(page, 'Allocate a coordinator');
    await checkPage(page, env, '15-allocate');
    await page.getByRole('button', { name: 'Allocate coordinator' }).click();
    await expectSuccess(page, 'Coordinator allocated');
    assert.match(await page.locator('main').innerText(), /Status: Allocated/);
    assertNoFaults();
  });

  it('records a conference, with an error on an attendee row', async () => {
    await page.getByRole('button', { name: 'Record a conference' }).click();
    await expectHeading(page, 'Record a conference');
    await choose(page, 'Which model was used?', 'Restorative');
    await choose(page, 'Did the child attend?', 'Yes');
    await choose(page, 'Were the child’s views heard?', 'Yes');
    await choose(page, 'Was an advocate used?', 'No');
    await choose(page, 'Did the family have private family time?', 'Yes');
    const first = page.getByRole('group', { name: 'Attendee 1' });
    await first.getByLabel('Role').selectOption('parent');
    await first.getByLabel('Name').fill('Laura Hart');
    // The second row names someone from the family network but has no role.
    await page.getByRole('group', { name: 'Attendee 2' }).getByLabel('Or choose someone from the family network').selectOption({ label: `Margaret Hart (${child.first} ${child.last}’s network)` });
    await page.getByRole('group', { name: 'Attendee 2' }).getByLabel('Name').fill('Margaret Hart');
    await page.getByRole('button', { name: 'Add another attendee' }).click();
    const third = page.getByRole('group', { name: 'Attendee 3' });
    await third.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'attendees-2-role');
    assert.equal(await first.getByLabel('Name').inputValue(), 'Laura Hart');
    await third.getByLabel('Role').selectOption('child');
    await third.getByLabel('Name').fill(child.first);
    await checkPage(page, env, '16-conference');
    await page.getByRole('button', { name: 'Save conference' }).click();

    const items = await errorSummaryItems(page);
    assert.deepEqual(items, ['Select the role of attendee 2']);
    assert.equal(await page.locator('.govuk-error-summary a[href="#attendees-1-role"]').count(), 1);
    assert.match(await page.locator('#attendees-1-role-error').innerText(), /Select the role of attendee 2/);
    assert.equal(await page.getByRole('group', { name: 'Attendee 2' }).getByLabel('Name').inputValue(), 'Margaret Hart');
    assert.equal(await page.getByRole('group', { name: 'Attendee 3' }).getByLabel('Name').inputValue(), child.first);
    await checkPage(page, env, '17-conference-errors');

    await page.getByRole('group', { name: 'Attendee 2' }).getByLabel('Role').selectOption('wider_family');
    await page.getByRole('button', { name: 'Save conference' }).click();
    await expectSuccess(page, 'Conference recorded');
    const text = await page.locator('main').innerText();
    assert.match(text, /Status: Conference held/);
    assert.match(text, /Wider family: Margaret Hart/);
    assertNoFaults();
  });

  it('records the family plan and updates an action', async () => {
    await page.getByRole('button', { name: 'Record the family plan' }).click();
    await expectHeading(page, 'Record the family plan');
    await choose(page, 'Did the family agree a plan?', 'Yes');
    const action = page.getByRole('group', { name: 'Action 1' });
    await action.getByLabel('What will be done').fill('Collect Amelia from school on Mondays and Wednesdays');
    await action.getByLabel('Who will do it').fill('Margaret Hart');
    await choose(action, 'Are they family or a professional?', 'Family or friends');
    await fillDate(action, 'By when (optional)', isoDate(14));
    await checkPage(page, env, '18-plan');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await expectSuccess(page, 'Family plan recorded');
    assert.match(await page.locator('main').innerText(), /Status: Plan agreed/);
    await checkPage(page, env, '19-referral-plan-agreed');

    await page.getByRole('link', { name: /^Update/ }).first().click();
    await expectHeading(page, 'Update an action');
    await choose(page, 'What is the status of this action?', 'Done');
    await checkPage(page, env, '20-action-update');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectSuccess(page, 'Action updated');
    assert.match(await page.locator('main').innerText(), /Done/);
    assertNoFaults();
  });

  it('is asked to reload when the referral changed since the page was opened', async () => {
    // Open the close form, then take a step from another tab, then submit the stale form.
    await page.getByRole('button', { name: 'Close the referral' }).click();
    await expectHeading(page, 'Close the referral');
    const other = await browser.context.newPage();
    await other.goto(`${env.baseUrl}${referralUrl}/conferences/new?kind=review`);
    await expectHeading(other, 'Record a review');
    await choose(other, 'Which model was used?', 'Restorative');
    for (const legend of ['Did the child attend?', 'Were the child’s views heard?', 'Was an advocate used?', 'Did the family have private family time?']) {
      await choose(other, legend, 'No');
    }
    await other.getByRole('button', { name: 'Save review' }).click();
    await expectSuccess(other, 'Review recorded');
    await other.close();

    await choose(page, 'Why are you closing the referral?', 'The plan was completed');
    await page.getByRole('button', { name: 'Close referral' }).click();
    const items = await errorSummaryItems(page);
    assert.match(items.join('\n'), /Someone changed this record after you opened this page/);
    assert.match(items.join('\n'), /Reload the page to see the latest version/);
    await checkPage(page, env, '21-close-conflict');
    await page.getByRole('link', { name: 'Reload the page to see the latest version' }).click();
    await expectHeading(page, 'Close the referral');
    await choose(page, 'Why are you closing the referral?', 'The plan was completed');
    await page.getByRole('button', { name: 'Close referral' }).click();
    await expectSuccess(page, 'Referral closed');
    assert.match(await page.locator('main').innerText(), /Status: Closed/);
    await checkPage(page, env, '22-referral-closed');
    assertNoFaults();
  });

  it('is sent to sign in again when the session ends, and comes back afterwards', async () => {
    await browser.context.clearCookies();
    await page.getByRole('link', { name: 'Children' }).click();
    await expectHeading(page, 'Sign in');
    await page.getByText('You have been signed out').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('return'), '/cases');
    await signIn(page, 'coord1', env.password('coord1'));
    await expectHeading(page, 'Children');
    await signOut(page);
    assertNoFaults();
  });
});
