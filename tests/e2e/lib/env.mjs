// Reads the test environment the CTest fixture wrote (tests/integration/env.sh): base URL, tokens, passwords.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// KEY=VALUE lines, no quoting; lines starting with # are comments.
export function parseEnvFile(text) {
  const values = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at > 0) values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values;
}

function required(values, key, file) {
  if (!values[key]) throw new Error(`${file} has no ${key}: is tests/integration/env.sh up to date?`);
  return values[key];
}

export function loadEnv() {
  const file = process.env.FGCD_TEST_ENV_FILE;
  if (!file) throw new Error('FGCD_TEST_ENV_FILE is not set: run the tests through CTest (ctest -L e2e)');
  const values = parseEnvFile(readFileSync(file, 'utf8'));
  // The build directory holds test-env/env; screenshots go beside it unless told otherwise.
  const buildDir = resolve(dirname(file), '..');
  return {
    baseUrl: required(values, 'FGCD_TEST_URL', file).replace(/\/$/, ''),
    adminToken: required(values, 'FGCD_TEST_TOKEN_ADMIN', file),
    password: (user) => required(values, `FGCD_TEST_PASSWORD_${user.toUpperCase()}`, file),
    screenshotDir: process.env.FGCD_E2E_OUTPUT || join(buildDir, 'e2e-screenshots'),
  };
}
