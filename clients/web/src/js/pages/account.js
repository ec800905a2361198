// "Your account": who is signed in, with which role and team.
import { html } from '../html.js';
import { ROLES, label } from '../codes.js';
import { summaryList } from '../components/summary-list.js';
import { can } from '../roles.js';
import { get } from '../api.js';

export async function accountPage(ctx) {
  const user = ctx.user;
  const readsCases = can(user, 'readCases');
  let team = '';
  if (user.team_id) {
    try {
      team = (await get(`/api/v1/teams/${user.team_id}`)).body.name;
    } catch (error) {
      if (error.status === 401) throw error;
      team = `Team ${user.team_id}`;
    }
  }
  ctx.show({
    title: 'Your account',
    body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <h1 class="govuk-heading-l">Your account</h1>
  ${summaryList([
    { key: 'Name', value: user.display_name },
    { key: 'Username', value: user.username },
    { key: 'Role', value: label(ROLES, user.role) },
    { key: 'Team', value: team },
  ])}
  ${readsCases
    ? html`<p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p>`
    : html`<p class="govuk-body">Your role does not give you access to children's records or referrals.</p>`}
  <p class="govuk-body">To change your password or role, contact the system administrator.</p>
</div></div>`,
  });
}
