// Import a register file (CSV) for a session: read in the browser, sent as text/csv, then the import report row by row.
import { ApiError, get, newIdempotencyKey, postText } from '../api.js';
import { html } from '../html.js';
import { submitButton } from '../components/button.js';
import { errorSummary } from '../components/error-summary.js';
import { attr, describedBy, errorMessageHtml, formGroupClass, hintHtml } from '../components/field-parts.js';
import { notificationBanner } from '../components/notification-banner.js';
import { summaryList } from '../components/summary-list.js';
import { table } from '../components/table.js';
import { count, formatNumber, importChangedNothing, importSummary, registerFileProblem, registerTextProblem } from '../training.js';
import { sessionHeading } from './training-session.js';

const FILE = 'register_file';

// GOV.UK file upload (without the drop zone enhancement): a label, hint, error and the input.
function fileUpload({ error }) {
  const hint = 'A CSV file saved as ‘CSV UTF-8’, smaller than 1 MB';
  return html`<div class="${formGroupClass(error)}">
  <label class="govuk-label govuk-label--s" for="${FILE}">Register file</label>
  ${hintHtml(FILE, hint)}${errorMessageHtml(FILE, error)}
  <input class="govuk-file-upload${error ? ' govuk-file-upload--error' : ''}" id="${FILE}" name="${FILE}" type="file" accept=".csv,text/csv"${attr('aria-describedby', describedBy(FILE, { hint, error }))}>
</div>`;
}

const COLUMNS = html`<details class="govuk-details">
  <summary class="govuk-details__summary"><span class="govuk-details__summary-text">What the file must contain</span></summary>
  <div class="govuk-details__text">
    <p class="govuk-body">The first line names the columns, in any order. Each other line is one person.</p>
    <ul class="govuk-list govuk-list--bullet">
      <li><strong>Name</strong> (needed on every line)</li>
      <li><strong>Work email</strong>: people are found by it first, then by name and organisation</li>
      <li><strong>Organisation</strong>, <strong>Sector</strong> (needed for someone not recorded yet, for example Schools or Third sector), <strong>Cluster</strong> (a cluster code) and <strong>Job role</strong></li>
      <li><strong>Status</strong>: attended (or left blank), did not attend, cancelled or booked</li>
      <li><strong>Feedback</strong>: a score from 1 to 5, only for someone who attended</li>
    </ul>
    <p class="govuk-body">Other columns, such as notes or signatures, are ignored.</p>
  </div>
</details>`;

function reportView(report, fileName) {
  const rejected = report.rejected || [];
  const ignored = report.ignored_columns || [];
  return html`<h2 class="govuk-heading-m">Import report${fileName ? html`<span class="govuk-visually-hidden">:</span> <span class="govuk-caption-m">${fileName}</span>` : ''}</h2>
${summaryList([
    { key: 'Rows in the file', value: `${formatNumber(report.rows)}${report.blank_rows ? ` (${count(report.blank_rows, 'blank row')} skipped)` : ''}` },
    { key: 'Rows taken', value: formatNumber(report.accepted) },
    { key: 'Rows not taken', value: formatNumber(rejected.length) },
    { key: 'Bookings added', value: formatNumber(report.bookings_created) },
    { key: 'Bookings changed', value: formatNumber(report.bookings_updated) },
    { key: 'Already recorded, unchanged', value: formatNumber(report.unchanged) },
    { key: 'People added', value: formatNumber(report.people_created) },
    { key: 'People’s details filled in', value: formatNumber(report.people_updated) },
    ignored.length ? { key: 'Columns ignored', value: ignored.join(', ') } : null,
  ])}
${importChangedNothing(report) && report.accepted
    ? html`<div class="govuk-inset-text">Nothing has changed: every row taken was already recorded. Importing the same file again never changes anything.</div>`
    : html`<p class="govuk-body">Importing the same file again changes nothing: rows already recorded are left as they are, and the same rows are refused for the same reasons.</p>`}
${rejected.length
    ? html`<h3 class="govuk-heading-s">Rows not taken</h3>
<p class="govuk-body">Correct these rows in the spreadsheet and import the file again. The other rows have been taken.</p>
${table({
    caption: `${count(rejected.length, 'row')} not taken`,
    captionSize: 's',
    columns: [{ text: 'Line', numeric: true }, { text: 'Reason' }],
    rows: rejected.map((r) => [formatNumber(r.line), r.reason]),
  })}`
    : html`<p class="govuk-body">Every row was taken.</p>`}`;
}

export async function trainingRegisterImportPage(ctx) {
  const session = (await get(`/api/v1/training/sessions/${ctx.params.id}`)).body;
  const sessionHref = `/training/sessions/${session.id}`;
  let idempotencyKey = newIdempotencyKey();
  let sending = false;

  function draw({ error, summary = [], report, fileName } = {}) {
    const banner = report
      ? notificationBanner({ success: true, heading: `Register imported${fileName ? `: ${fileName}` : ''}`, text: importSummary(report).join(' ') })
      : '';
    ctx.show({
      title: 'Import a register file',
      error: summary.length > 0,
      back: { href: sessionHref, text: 'Back to the session' },
      focus: summary.length || report ? 'none' : 'heading',
      body: html`${errorSummary(summary)}${banner}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <span class="govuk-caption-l">${sessionHeading(session)}</span>
  <h1 class="govuk-heading-l">Import a register file</h1>
  ${report ? html`${reportView(report, fileName)}
  <p class="govuk-body"><a class="govuk-link" href="${sessionHref}">Go to the session’s register</a></p>
  <h2 class="govuk-heading-m">Import another file</h2>` : html`<p class="govuk-body">Upload the register of this session from a spreadsheet. Everyone on it is booked on this session (or their booking is changed) with their attendance and feedback. People not recorded yet are added.</p>`}
  ${COLUMNS}
  <form method="post" novalidate class="app-import">
    ${fileUpload({ error })}
    <div class="govuk-button-group">
      ${submitButton('Import register')}
      <a class="govuk-link" href="${sessionHref}">Cancel</a>
    </div>
  </form>
</div></div>`,
      init(root) {
        root.querySelector('form.app-import').addEventListener('submit', onSubmit);
      },
    });
  }

  function fail(message) {
    draw({ error: message, summary: [{ text: message, href: `#${FILE}` }] });
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (sending) return;
    const file = event.currentTarget.querySelector(`#${FILE}`).files[0];
    const problem = registerFileProblem(file);
    if (problem) {
      fail(problem);
      return;
    }
    sending = true;
    try {
      const text = await file.text();
      const textProblem = registerTextProblem(text);
      if (textProblem) {
        fail(textProblem);
        return;
      }
      const { body } = await postText(`/api/v1/training/sessions/${session.id}/register`, text, 'text/csv; charset=utf-8', { idempotencyKey });
      // The next import is a new request, even of the same file (which then changes nothing).
      idempotencyKey = newIdempotencyKey();
      draw({ report: body, fileName: file.name });
    } catch (error) {
      if (!(error instanceof ApiError)) {
        fail('The file could not be read or sent. Check your connection, select the file again and try again');
        return;
      }
      if ([401, 403, 404].includes(error.status)) {
        ctx.fail(error);
        return;
      }
      if ([400, 413, 415, 422].includes(error.status)) {
        const problemDetail = (Array.isArray(error.problem.errors) && error.problem.errors.length && error.problem.errors[0].message) || error.problem.detail;
        fail(`The file cannot be imported: ${String(problemDetail || 'it is not a register').replace(/\.$/, '')}`);
        return;
      }
      const reference = error.requestId ? ` Quote reference ${error.requestId} if you report it.` : '';
      draw({ summary: [{ text: `The register has not been imported because of a problem with the service. Try again later.${reference}` }] });
    } finally {
      sending = false;
    }
  }

  draw();
}
