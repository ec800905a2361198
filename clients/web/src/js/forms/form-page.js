// A page with one form: draws it, sends it, and on failure shows it again with the error summary and what was typed.
import { ApiError, newIdempotencyKey } from '../api.js';
import { html } from '../html.js';
import { errorSummary } from '../components/error-summary.js';
import { submitButton } from '../components/button.js';
import { fieldId } from '../components/field-parts.js';
import { problemToErrors } from './errors.js';
import { readForm } from './read.js';
import { toBody } from './body.js';
import { renderFields } from './render.js';

// spec: {title, caption, heading, intro (html), fields, values (starting raw values),
//        submitText, cancel: {href, text}, back: {href, text}, warning (true for a red button),
//        validate: (body, values) => [{field, message}] (checks made before sending, optional),
//        submit: async (body, {idempotencyKey}) => result, done: (result, body) => void}
export function formPage(ctx, spec) {
  const idempotencyKey = newIdempotencyKey();
  let values = structuredClone(spec.values || {});
  let sending = false;

  function draw({ errors = {}, summary = [], summaryTitle, summaryDescription, focusName } = {}) {
    const failed = summary.length > 0;
    const body = html`${errorSummary(summary, { title: summaryTitle, description: summaryDescription })}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  ${spec.caption ? html`<span class="govuk-caption-l">${spec.caption}</span>` : ''}
  <h1 class="govuk-heading-l">${spec.heading || spec.title}</h1>
  ${spec.intro || ''}
  <form method="post" novalidate class="app-form">
    ${renderFields(spec.fields, values, errors)}
    <div class="govuk-button-group">
      ${submitButton(spec.submitText || 'Save', { warning: spec.warning })}
      ${spec.cancel ? html`<a class="govuk-link" href="${spec.cancel.href}">${spec.cancel.text || 'Cancel'}</a>` : ''}
    </div>
  </form>
</div></div>`;
    ctx.show({
      title: spec.title,
      error: failed,
      back: spec.back,
      body,
      // After "Add another", focus goes to the new row and the page stays where it was.
      focus: failed || focusName ? 'none' : 'heading',
      keepScroll: Boolean(focusName),
      init(root) {
        const form = root.querySelector('form.app-form');
        form.addEventListener('submit', onSubmit);
        form.addEventListener('click', onClick);
        if (focusName) {
          const target = root.querySelector(`#${CSS.escape(fieldId(focusName))}`);
          if (target) target.focus();
        }
      },
    });
  }

  // "Add another" buttons add an empty row to a repeat, keeping everything typed so far.
  function onClick(event) {
    const button = event.target.closest('[data-action^="add-row:"]');
    if (!button) return;
    event.preventDefault();
    const name = button.getAttribute('data-action').slice('add-row:'.length);
    values = readForm(event.currentTarget, spec.fields);
    values[name] = [...(values[name] || []), {}];
    const repeat = spec.fields.find((f) => f.name === name);
    const first = repeat.fields.find((f) => f.type !== 'html');
    const row = values[name].length - 1;
    draw({ focusName: `${name}[${row}].${first.name}${first.type === 'date' ? '-day' : ''}` });
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (sending) return;
    values = readForm(event.currentTarget, spec.fields);
    const { body, indexMap } = toBody(spec.fields, values);
    const local = spec.validate ? spec.validate(body, values) : [];
    if (local && local.length) {
      const { errors, summary } = problemToErrors({ errors: local }, spec.fields, values, indexMap);
      draw({ errors, summary });
      return;
    }
    sending = true;
    try {
      const result = await spec.submit(body, { idempotencyKey });
      sending = false;
      await spec.done(result, body);
    } catch (error) {
      sending = false;
      showFailure(error, indexMap);
    }
  }

  function showFailure(error, indexMap) {
    if (!(error instanceof ApiError)) {
      draw({ summary: [{ text: 'The service could not be reached. Check your connection and try again.' }] });
      return;
    }
    const { status, problem } = error;
    if (status === 422 || (status === 400 && Array.isArray(problem.errors))) {
      const { errors, summary } = problemToErrors(problem, spec.fields, values, indexMap);
      draw({ errors, summary });
    } else if (status === 409 || status === 412 || status === 428) {
      // Someone else changed the record, or this step no longer fits its state: say so, keep
      // what was typed, and offer the latest version.
      const text = status === 409
        ? problem.detail || 'This cannot be done now.'
        : 'Someone changed this record after you opened this page, so your change has not been saved.';
      draw({
        summaryTitle: status === 409 ? 'This cannot be done now' : 'This record has changed',
        summary: [{ text }, { text: 'Reload the page to see the latest version', href: ctx.path }],
      });
    } else if (status === 400) {
      draw({ summary: [{ text: problem.detail || 'The service could not understand the request.' }] });
    } else if (status === 401 || status === 403 || status === 404) {
      ctx.fail(error);
    } else {
      const reference = error.requestId ? ` Quote reference ${error.requestId} if you report it.` : '';
      draw({
        summaryTitle: 'Sorry, there is a problem with the service',
        summary: [{ text: `${problem.detail || 'Your changes were not saved.'} Try again later.${reference}` }],
      });
    }
  }

  draw();
}
