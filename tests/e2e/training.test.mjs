// End to end in Chromium: a trainer adds a course and a session, books people, takes and imports the register, and checks progress; managers read; social workers cannot.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomInt } from 'node:crypto';
import { loadEnv } from './lib/env.mjs';
import { apiRequest, makeCluster } from './lib/api.mjs';
import { startBrowser } from './lib/browser.mjs';
import { accessibilitySummary } from './lib/a11y.mjs';
import { checkPage, choose, errorSummaryItems, expectHeading, expectSuccess, fillDate, isoDate, signIn, signOut } from './lib/pages.mjs';

const env = loadEnv();
let browser;
let page;
let cluster;
// Names unique to this run, so that other tests (and earlier runs on the same database) do not meet them.
const suffix = String(randomInt(10 ** 6)).padStart(6, '0');
const course = { name: `Restorative Circles ${suffix}`, code: `e2e-rc-${suffix}` };
const today = isoDate(0);
const person = (first, last, domain) => ({ name: `${first} ${last}${suffix}`, email: `${first.toLowerCase()}.${last.toLowerCase()}${suffix}@${domain}` });
const ann = person('Ann', 'Lister', 'school.example');
const bea = person('Bea', 'Okafor', 'nhs.example');
const erin = person('Erin', 'Walsh', 'police.example');
const fay = person('Fay', 'Oduya', 'charity.example');
const cara = person('Cara', 'Quinn', 'housing.example');
const dan = person('Dan', 'Price', 'housing.example');
let courseId;
let sessionUrl;
let sessionId;
const people = {};

// Today as the session pages write it: "4 March 2026".
const todayWords = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  .format(new Date(`${today}T00:00:00Z`));

async function api(method, path, body, expected) {
  const answer = await apiRequest(env, method, path, body);
  if (answer.status !== expected) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function addPerson(who, sector) {
  people[who.name] = await api('POST', '/api/v1/training/people', { full_name: who.name, work_email: who.email, sector, organisation: 'E2E organisation' }, 201);
  return people[who.name];
}

async function navigation() {
  return (await page.locator('#navigation a').allInnerTexts()).map((t) => t.trim());
}

function assertNoFaults() {
  assert.deepEqual(browser.faults, [], `the browser reported:\n${browser.faults.join('\n')}`);
}

before(async () => {
  cluster = await makeCluster(env);
  await addPerson(ann, 'schools');
  await addPerson(erin, 'police');
  await addPerson(cara, 'housing');
  await addPerson(dan, 'housing');
  browser = await startBrowser();
  page = browser.page;
});

after(async () => {
  if (browser) await browser.close();
  console.log(accessibilitySummary());
});

describe('a trainer', () => {
  it('starts at the sessions and adds a course (after a failed submission)', async () => {
    await page.goto(`${env.baseUrl}/`);
    await signIn(page, 'trainer1', env.password('trainer1'));
    await expectHeading(page, 'Training sessions');
    assert.deepEqual(await navigation(), ['Courses', 'Sessions', 'Progress', 'Your account', 'Sign out']);
    await checkPage(page, env, 'training-01-sessions', { heading: 'Training sessions' });

    await page.locator('#navigation').getByRole('link', { name: 'Courses' }).click();
    await expectHeading(page, 'Training courses');
    await checkPage(page, env, 'training-02-courses', { heading: 'Training courses' });

    await page.getByRole('button', { name: 'Add a course' }).click();
    await expectHeading(page, 'Add a course');
    await checkPage(page, env, 'training-03-add-course', { heading: 'Add a course' });
    await page.getByLabel('Course name').fill(course.name);
    await page.getByLabel('Course code').fill('X');
    await page.getByRole('button', { name: 'Add course' }).click();
    const items = await errorSummaryItems(page);
    assert.equal(items.length, 1, items.join('\n'));
    assert.match(items[0], /code of 2 to 40 letters, digits or hyphens/);
    assert.match(await page.title(), /^Error: Add a course - Family group conferences$/);
    assert.equal(await page.getByLabel('Course name').inputValue(), course.name);
    await checkPage(page, env, 'training-04-add-course-errors');

    await page.getByLabel('Course code').fill(course.code);
    await page.getByLabel('Description (optional)').fill('Running restorative circles in schools and teams.');
    await page.getByRole('button', { name: 'Add course' }).click();
    await expectHeading(page, course.name);
    await expectSuccess(page, `${course.name} has been added`);
    courseId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.ok(courseId > 0);
    assert.match(await page.locator('.govuk-summary-list').innerText(), new RegExp(course.code.toUpperCase()));
    await checkPage(page, env, 'training-05-course', { heading: course.name });

    // An administrator sets the course's target: 10 people from a week ago to 12 weeks on.
    await api('POST', '/api/v1/training/targets', { course_id: courseId, target_people: 10, starts_on: isoDate(-7), deadline: isoDate(83), name: `E2E target ${suffix}` }, 201);
    assertNoFaults();
  });

  it('adds a session to the course (the API says when the venue is missing)', async () => {
    await page.getByRole('button', { name: 'Add a session' }).click();
    await expectHeading(page, 'Add a session');
    assert.equal(await page.getByLabel('Course', { exact: true }).inputValue(), String(courseId));
    await fillDate(page, 'Date of the session', today);
    await page.getByLabel('Start time').fill('9:30');
    await page.getByLabel('End time').fill('1230');
    await choose(page, 'Where is the session held?', 'At a venue');
    await page.getByLabel('Number of places').fill('4');
    await page.getByRole('button', { name: 'Add session' }).click();
    const items = await errorSummaryItems(page);
    assert.deepEqual(items, ['Enter the venue, or say that the session is online']);
    assert.equal(await page.getByLabel('Start time').inputValue(), '9:30');
    await checkPage(page, env, 'training-06-add-session-errors');

    await page.getByLabel('Venue', { exact: true }).fill('Civic Hall, Committee Room 3');
    await page.getByRole('button', { name: 'Add session' }).click();
    await expectHeading(page, `${course.name}: ${todayWords}`);
    await expectSuccess(page, 'Session added');
    sessionUrl = new URL(page.url()).pathname;
    sessionId = Number(sessionUrl.split('/').pop());
    const details = await page.locator('.govuk-summary-list').innerText();
    assert.match(details, /9:30am to 12:30pm/);
    assert.match(details, /Civic Hall, Committee Room 3/);
    assert.match(details, /0 of 4 places taken, 4 left/);
    await checkPage(page, env, 'training-07-session', { heading: `${course.name}: ${todayWords}` });
    assertNoFaults();
  });

  it('books someone found by name, and someone new', async () => {
    await page.getByRole('button', { name: 'Book a place' }).click();
    await expectHeading(page, 'Book a place');
    await page.getByLabel('Search by name, e-mail or organisation').fill(`Lister${suffix}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: `Book ${ann.name}` }).waitFor();
    await checkPage(page, env, 'training-08-find-person', { heading: 'Book a place' });
    await page.getByRole('button', { name: `Book ${ann.name}` }).click();
    await expectSuccess(page, `${ann.name} has been booked`);
    assert.equal(new URL(page.url()).pathname, sessionUrl);

    await page.getByRole('button', { name: 'Book a place' }).click();
    await expectHeading(page, 'Book a place');
    await page.getByLabel('Search by name, e-mail or organisation').fill(bea.name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(`No one recorded matches ‘${bea.name}’`).waitFor();
    await page.getByRole('link', { name: 'Add a new person and book them' }).click();
    await expectHeading(page, 'Add a new person and book them');
    // The name searched for is filled in.
    assert.equal(await page.getByLabel('Full name').inputValue(), bea.name);
    await page.getByLabel('Work e-mail address (optional)').fill('not an e-mail');
    await page.getByRole('button', { name: 'Add and book' }).click();
    assert.deepEqual(await errorSummaryItems(page), ['Select the sector']);
    await checkPage(page, env, 'training-09-new-person-errors');

    await page.getByLabel('Organisation (optional)').fill('Leeds Community Healthcare');
    await choose(page, 'Which sector do they work in?', 'NHS');
    await page.getByLabel('Cluster (optional)').selectOption(cluster.code);
    await page.getByLabel('Job role (optional)').fill('Health visitor');
    await page.getByRole('button', { name: 'Add and book' }).click();
    await page.locator('.govuk-error-summary a[href="#work_email"]').waitFor();
    assert.deepEqual(await errorSummaryItems(page), ['Enter a work e-mail address such as name@example.org']);
    // What was typed is kept.
    assert.equal(await page.getByLabel('Job role (optional)').inputValue(), 'Health visitor');
    assert.equal(await page.getByLabel('Cluster (optional)').inputValue(), cluster.code);

    await page.getByLabel('Work e-mail address (optional)').fill(bea.email);
    await page.getByRole('button', { name: 'Add and book' }).click();
    await expectSuccess(page, `${bea.name} has been added and booked`);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /2 of 4 places taken, 2 left/);
    assertNoFaults();
  });

  it('is told clearly when someone was booked meanwhile (409 already booked)', async () => {
    await page.getByRole('button', { name: 'Book a place' }).click();
    await expectHeading(page, 'Book a place');
    await page.getByLabel('Search by name, e-mail or organisation').fill(erin.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: `Book ${erin.name}` }).waitFor();
    // Someone else books Erin while the page is open.
    await api('POST', `/api/v1/training/sessions/${sessionId}/bookings`, { person_id: people[erin.name].id }, 201);
    await page.getByRole('button', { name: `Book ${erin.name}` }).click();
    await page.locator('.govuk-error-summary__title', { hasText: `${erin.name} is already booked` }).waitFor();
    const items = await errorSummaryItems(page);
    assert.match(items[0], new RegExp(`^${erin.name} is already booked on this session`));
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('govuk-error-summary')), true);
    // The results now show Erin's booking instead of a button.
    assert.equal(await page.getByRole('button', { name: `Book ${erin.name}` }).count(), 0);
    await checkPage(page, env, 'training-10-already-booked');
    assertNoFaults();
  });

  it('takes the register: saves one person, is stopped from scoring someone who did not attend, then saves the rest', async () => {
    await page.goto(`${env.baseUrl}${sessionUrl}`);
    await expectHeading(page, `${course.name}: ${todayWords}`);
    await page.getByRole('group', { name: `Attendance of ${ann.name}` }).getByLabel('Attended', { exact: true }).check();
    await page.getByLabel(`Feedback score from ${ann.name} (optional)`).selectOption('5');
    await page.getByRole('button', { name: `Save attendance of ${ann.name}` }).click();
    await expectSuccess(page, 'Attendance saved');
    assert.match(await page.locator('.govuk-notification-banner').innerText(), new RegExp(`${ann.name}: attended, feedback 5 out of 5`));

    await page.getByRole('group', { name: `Attendance of ${bea.name}` }).getByLabel('Did not attend', { exact: true }).check();
    await page.getByLabel(`Feedback score from ${bea.name} (optional)`).selectOption('3');
    await page.getByRole('button', { name: 'Save register' }).click();
    const items = await errorSummaryItems(page);
    assert.equal(items.length, 1);
    assert.match(items[0], /A feedback score can only be given for someone who attended/);
    // What was typed is kept, and the summary links to the score.
    assert.equal(await page.getByRole('group', { name: `Attendance of ${bea.name}` }).getByLabel('Did not attend', { exact: true }).isChecked(), true);
    await checkPage(page, env, 'training-11-register-errors');

    await page.getByLabel(`Feedback score from ${bea.name} (optional)`).selectOption('');
    await page.getByRole('button', { name: 'Save register' }).click();
    await expectSuccess(page, 'Attendance saved');
    const banner = await page.locator('.govuk-notification-banner').innerText();
    assert.match(banner, new RegExp(`${bea.name}: did not attend`));
    assert.doesNotMatch(banner, new RegExp(ann.name));
    const details = await page.locator('.govuk-summary-list').innerText();
    assert.match(details, /1 attended, 1 did not attend, 1 booked/);
    await checkPage(page, env, 'training-12-register-saved', { heading: `${course.name}: ${todayWords}` });
    assertNoFaults();
  });

  it('imports a register file with a bad row, and importing it again changes nothing', async () => {
    await page.getByRole('button', { name: 'Import a register file' }).click();
    await expectHeading(page, 'Import a register file');
    await page.getByRole('button', { name: 'Import register' }).click();
    assert.deepEqual(await errorSummaryItems(page), ['Select a CSV file']);
    await checkPage(page, env, 'training-13-import-errors');

    const csv = [
      'Name,Work email,Organisation,Sector,Cluster,Status,Feedback,Notes',
      `${ann.name},${ann.email.toUpperCase()},,,,Attended,5,`,
      `${bea.name},${bea.email},,,,DNA,,`,
      `${erin.name},${erin.email},,,,attended,4,Arrived late`,
      `${fay.name},${fay.email},"Leeds Charity, Hunslet",Third sector,${cluster.code},present,,`,
      `Gil Moss${suffix},not-an-email,,Schools,,attended,,`,
    ].join('\r\n');
    const file = { name: `register-${suffix}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`, 'utf8') };
    await page.getByLabel('Register file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import register' }).click();
    await expectSuccess(page, `Register imported: ${file.name}`);
    const banner = await page.locator('.govuk-notification-banner').innerText();
    assert.match(banner, /4 rows taken, 1 row not taken\./);
    assert.match(banner, /1 booking added, 1 booking changed, 2 already recorded, 1 person added to the list of people\./);
    const report = await page.locator('.govuk-summary-list').innerText();
    assert.match(report, /Columns ignored\s+Notes/);
    const rows = await page.locator('table tbody tr').allInnerTexts();
    assert.equal(rows.length, 1, rows.join('\n'));
    assert.match(rows[0], /^6\s+"not-an-email" is not an e-mail address\.$/);
    await checkPage(page, env, 'training-14-import-report');

    await page.getByLabel('Register file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import register' }).click();
    await page.locator('.govuk-notification-banner').getByText('Nothing has changed: every row taken was already recorded.').waitFor();
    assert.match(await page.locator('.govuk-inset-text').innerText(), /Nothing has changed/);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Bookings added\s+0\s+Bookings changed\s+0\s+Already recorded, unchanged\s+4/);
    assert.match((await page.locator('table tbody tr').allInnerTexts())[0], /^6\s/);
    await checkPage(page, env, 'training-15-import-again');

    await page.getByRole('link', { name: 'Go to the session’s register' }).click();
    await expectHeading(page, `${course.name}: ${todayWords}`);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /All 4 places taken/);
    assert.match(await page.locator('.govuk-warning-text').innerText(), /The session is full/);
    assert.equal(await page.getByRole('button', { name: 'Book a place' }).count(), 0);
    assert.equal(await page.getByRole('group', { name: `Attendance of ${fay.name}` }).getByLabel('Attended', { exact: true }).isChecked(), true);
    assert.equal(await page.getByLabel(`Feedback score from ${erin.name} (optional)`).inputValue(), '4');
    await checkPage(page, env, 'training-16-session-full', { heading: `${course.name}: ${todayWords}` });
    assertNoFaults();
  });

  it('is told clearly when the last place went meanwhile (409 full)', async () => {
    const small = await api('POST', '/api/v1/training/sessions', { course_id: courseId, held_on: today, starts_at: '14:00', ends_at: '16:00', online: true, capacity: 1 }, 201);
    await page.goto(`${env.baseUrl}/training/sessions/${small.id}/book?q=${encodeURIComponent(cara.email)}`);
    await expectHeading(page, 'Book a place');
    await page.getByRole('button', { name: `Book ${cara.name}` }).waitFor();
    await api('POST', `/api/v1/training/sessions/${small.id}/bookings`, { person_id: people[dan.name].id }, 201);
    await page.getByRole('button', { name: `Book ${cara.name}` }).click();
    await page.locator('.govuk-error-summary__title', { hasText: 'The session is full' }).waitFor();
    const items = await errorSummaryItems(page);
    assert.equal(items[0], `The session is full: all 1 places are taken. ${cara.name} has not been booked`);
    // The page now knows the session is full, and offers no search.
    assert.equal(await page.getByLabel('Search by name, e-mail or organisation').count(), 0);
    await checkPage(page, env, 'training-17-booking-full');
    assertNoFaults();
  });

  it('sees the sessions of the course in the list, filtered by course and date', async () => {
    await page.locator('#navigation').getByRole('link', { name: 'Sessions' }).click();
    await expectHeading(page, 'Training sessions');
    await page.getByLabel('Course', { exact: true }).selectOption(String(courseId));
    await fillDate(page, 'From', today);
    await fillDate(page, 'To', '2020-02-30');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    assert.deepEqual(await errorSummaryItems(page), ['The to date must be a real date, for example 31 3 2026']);
    await fillDate(page, 'To', today);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('caption', { hasText: `2 sessions of ${course.name}` }).waitFor();
    const rows = await page.locator('table tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /9:30am to 12:30pm/);
    assert.match(rows[1], new RegExp(`2pm to 4pm\\s+${course.name}\\s+Online`));
    await checkPage(page, env, 'training-18-sessions-filtered', { heading: 'Training sessions' });
    assertNoFaults();
  });

  it('checks progress to the target, overall and for a sector', async () => {
    await page.locator('#navigation').getByRole('link', { name: 'Progress' }).click();
    // The first course is shown until another is chosen.
    await page.getByRole('button', { name: 'Show progress' }).waitFor();
    await page.getByLabel('Course', { exact: true }).selectOption(String(courseId));
    await page.getByRole('button', { name: 'Show progress' }).click();
    await expectHeading(page, course.name);
    // Ann, Erin and Fay attended; Bea did not; Dan is only booked.
    const summary = await page.locator('.govuk-summary-list').innerText();
    assert.match(summary, /People trained\s+3 of 10 \(30\.0%\)/);
    assert.match(summary, /Forecast\s+At the pace of the last/);
    assert.equal(await page.locator('.app-progress-status .govuk-tag').innerText(), 'On track');
    assert.equal(await page.getByRole('img', { name: new RegExp(`^${course.name}: people trained so far`) }).count(), 1);
    const weeks = page.locator('table', { has: page.locator('caption', { hasText: 'People trained each week' }) });
    assert.ok((await weeks.locator('tbody tr').count()) >= 13);
    assert.match(await weeks.innerText(), /Trajectory/);
    await checkPage(page, env, 'training-19-progress', { heading: course.name });

    await page.getByRole('link', { name: 'Third sector' }).click();
    await expectHeading(page, `${course.name}: Third sector`);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /People trained\s+1\b/);
    await checkPage(page, env, 'training-20-progress-sector', { heading: `${course.name}: Third sector` });
    await signOut(page);
    assertNoFaults();
  });
});

describe('a manager', () => {
  it('sees progress and the sessions, but cannot add or change anything', async () => {
    await signIn(page, 'manager1', env.password('manager1'));
    // Managers start at the dashboard (dashboard.test.mjs).
    await page.locator('.govuk-caption-l', { hasText: 'Dashboard' }).waitFor();
    assert.deepEqual(await navigation(), ['Dashboard', 'Referrals', 'Children', 'Progress', 'Your account', 'Sign out']);
    await page.locator('#navigation').getByRole('link', { name: 'Progress' }).click();
    // The first course's progress, until another is chosen.
    await expectHeading(page, '');
    await page.getByRole('button', { name: 'Show progress' }).waitFor();
    await page.goto(`${env.baseUrl}/training/progress?course_id=${courseId}`);
    await expectHeading(page, course.name);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /People trained\s+3 of 10/);
    assert.equal(await page.getByRole('button', { name: /^Add/ }).count(), 0);
    await checkPage(page, env, 'training-21-manager-progress', { heading: course.name });

    await page.getByRole('link', { name: `${course.name}: details and sessions` }).click();
    await expectHeading(page, course.name);
    assert.equal(await page.getByRole('button', { name: /^Add/ }).count(), 0);
    await page.goto(`${env.baseUrl}/training/courses`);
    await expectHeading(page, 'Training courses');
    assert.equal(await page.getByRole('button', { name: /^Add/ }).count(), 0);
    await page.goto(`${env.baseUrl}${sessionUrl}`);
    await expectHeading(page, `${course.name}: ${todayWords}`);
    assert.equal(await page.getByRole('button', { name: /^(Add|Book|Save|Import)/ }).count(), 0);
    const bookings = await page.locator('table tbody tr').allInnerTexts();
    assert.equal(bookings.length, 4);
    assert.ok(bookings.some((row) => row.includes(ann.name) && /Attended\s+5 out of 5/.test(row)), bookings.join('\n'));
    await checkPage(page, env, 'training-22-manager-session', { heading: `${course.name}: ${todayWords}` });
    await page.goto(`${env.baseUrl}${sessionUrl}/book`);
    await expectHeading(page, 'You do not have access');
    await signOut(page);
    assertNoFaults();
  });
});

describe('an administrator and a data analyst', () => {
  it('an administrator has the training pages too, and chooses the trainer of a session', async () => {
    await signIn(page, 'admin', env.password('admin'));
    await page.locator('#navigation a', { hasText: 'Sign out' }).waitFor();
    const nav = await navigation();
    for (const item of ['Courses', 'Sessions', 'Progress']) assert.ok(nav.includes(item), nav.join(', '));
    await page.goto(`${env.baseUrl}/training/sessions/new?course_id=${courseId}`);
    await expectHeading(page, 'Add a session');
    const trainers = await page.getByLabel('Trainer (optional)').locator('option').allInnerTexts();
    assert.ok(trainers.includes('trainer1'), trainers.join(', '));
    await checkPage(page, env, 'training-23-admin-add-session', { heading: 'Add a session' });
    await signOut(page);
    assertNoFaults();
  });

  it('a data analyst sees progress, but not the sessions and the people booked', async () => {
    await signIn(page, 'analyst1', env.password('analyst1'));
    await expectHeading(page, 'Referrals');
    assert.deepEqual(await navigation(), ['Referrals', 'Children', 'Progress', 'Dashboard', 'Your account', 'Sign out']);
    await page.goto(`${env.baseUrl}/training/progress?course_id=${courseId}`);
    await expectHeading(page, course.name);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /People trained\s+3 of 10/);
    assert.equal(await page.getByRole('link', { name: `${course.name}: details and sessions` }).count(), 0);
    await page.goto(`${env.baseUrl}${sessionUrl}`);
    await expectHeading(page, 'You do not have access');
    await signOut(page);
    assertNoFaults();
  });
});

describe('a social worker', () => {
  it('has no training navigation and may not open a training page', async () => {
    await signIn(page, 'sw1', env.password('sw1'));
    await expectHeading(page, 'My cases');
    const nav = await navigation();
    for (const item of ['Courses', 'Sessions', 'Progress']) assert.ok(!nav.includes(item), nav.join(', '));
    await page.goto(`${env.baseUrl}/training/progress`);
    await expectHeading(page, 'You do not have access');
    await page.goto(`${env.baseUrl}/training/sessions`);
    await expectHeading(page, 'You do not have access');
    await checkPage(page, env, 'training-24-social-worker-no-access', { heading: 'You do not have access' });
    await signOut(page);
    assertNoFaults();
  });
});
