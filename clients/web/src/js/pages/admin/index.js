// "Admin": what administrators look after, one section each.
import { html } from '../../html.js';
import { ADMIN_SECTIONS } from './common.js';

export async function adminPage(ctx) {
  ctx.show({
    title: 'Administration',
    body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <h1 class="govuk-heading-l">Administration</h1>
  <p class="govuk-body">Set up the service for the people who use it and for the reports it makes.</p>
  ${ADMIN_SECTIONS.map((section) => html`<h2 class="govuk-heading-m"><a class="govuk-link" href="${section.href}">${section.text}</a></h2>
  <p class="govuk-body">${section.description}</p>`)}
</div></div>`,
  });
}
