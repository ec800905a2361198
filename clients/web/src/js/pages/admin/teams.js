// Teams: the list, and adding a team.
import { getAll, post } from '../../api.js';
import { html } from '../../html.js';
import { buttonLink } from '../../components/button.js';
import { table } from '../../components/table.js';
import { formatDate } from '../../format.js';
import { formPage } from '../../forms/form-page.js';
import { adminHeading } from './common.js';

export async function teamsPage(ctx) {
  const teams = await getAll('/api/v1/teams');
  ctx.show({
    title: 'Teams',
    body: html`${adminHeading(ctx, 'Teams')}
${buttonLink('Add a team', '/admin/teams/new')}
${teams.length
    ? table({
      caption: 'Teams',
      captionSize: 's',
      columns: [{ text: 'Name' }, { text: 'Users' }, { text: 'Added' }],
      rows: teams.map((t) => [
        t.name,
        html`<a class="govuk-link" href="/admin/users?team_id=${t.id}">Users<span class="govuk-visually-hidden"> in ${t.name}</span></a>`,
        formatDate(String(t.created_at || '').slice(0, 10)),
      ]),
    })
    : html`<p class="govuk-body">There are no teams yet.</p>`}`,
  });
}

export async function teamNewPage(ctx) {
  formPage(ctx, {
    title: 'Add a team',
    caption: 'Administration',
    fields: [
      { type: 'text', name: 'name', label: 'Team name', errorName: 'the team name', hint: 'Such as Armley and Bramley social work team', autocomplete: 'off', width: 30 },
    ],
    submitText: 'Add team',
    back: { href: '/admin/teams', text: 'Back to teams' },
    cancel: { href: '/admin/teams', text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/teams', body, { idempotencyKey }),
    done: ({ body }) => ctx.navigate('/admin/teams', { flash: { heading: `${body.name} has been added` } }),
  });
}
