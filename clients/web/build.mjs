// Builds clients/web/dist: compiles the Sass, copies GOV.UK Frontend's JavaScript and the app's own files.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const govuk = join(here, 'node_modules', 'govuk-frontend', 'dist', 'govuk');
const finalDir = join(here, 'dist');
// Built beside dist and renamed into place, so that a daemon serving dist never sees half a build.
const out = join(here, `dist.tmp-${process.pid}`);

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

if (!existsSync(govuk)) fail('govuk-frontend is not installed: run `npm ci` in clients/web first');

rmSync(out, { recursive: true, force: true });
// Everything but index.html goes under assets/<version>/ (renamed below, once the version is known).
const staging = join(out, 'assets', 'staging');
mkdirSync(staging, { recursive: true });

// CSS: GOV.UK Frontend compiled with Arial instead of GDS Transport (the font is only for
// services on GOV.UK), then the app's few additions.
const css = sass.compile(join(src, 'styles', 'app.scss'), {
  loadPaths: [join(here, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
});
writeFileSync(join(staging, 'app.css'), css.css);

// GOV.UK Frontend's JavaScript is one ES module; the app imports it as ../govuk/.
mkdirSync(join(staging, 'govuk'));
cpSync(join(govuk, 'govuk-frontend.min.js'), join(staging, 'govuk', 'govuk-frontend.min.js'));

// The app's ES modules, as written (no bundling); they import each other by relative paths.
cpSync(join(src, 'js'), join(staging, 'js'), { recursive: true });

// The assets live under a short hash of their content (/assets/<version>/...), so that a
// browser holding an older module after an upgrade never mixes it with new ones.
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
const hash = createHash('sha256');
for (const file of filesUnder(staging).sort()) {
  hash.update(relative(staging, file));
  hash.update(readFileSync(file));
}
const version = hash.digest('hex').slice(0, 12);
renameSync(staging, join(out, 'assets', version));
const index = readFileSync(join(src, 'index.html'), 'utf8').replaceAll('__VERSION__', version);
writeFileSync(join(out, 'index.html'), index);

rmSync(finalDir, { recursive: true, force: true });
renameSync(out, finalDir);
console.log(`build: wrote ${relative(process.cwd(), finalDir) || finalDir} (version ${version})`);
