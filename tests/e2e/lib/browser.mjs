// Starts Debian's Chromium headless through playwright-core, with a fresh profile, and records page faults.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const EXECUTABLE = process.env.FGCD_E2E_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox', // the tests may run as root, where Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// {context, page, faults, close}. faults collects uncaught errors, console errors (which include
// Content-Security-Policy violations) and failed requests, for the test to check.
export async function startBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'fgcd-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(15000);
  const faults = [];
  const watch = (page) => {
    page.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Chromium logs every 4xx answer as an error; the app expects those (401, 412, 422).
      if (message.type() !== 'error' || /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
      faults.push(`console error: ${message.text()}`);
    });
    page.on('requestfailed', (request) => faults.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    faults,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
