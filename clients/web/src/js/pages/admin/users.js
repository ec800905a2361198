// Users: the list with filters, adding a user, a user's page, changing their details, and issuing an API token.
import { get, getAll, patch, post, query } from '../../api.js';
import { html } from '../../html.js';
import { ROLES, label, options } from '../../codes.js';
import { buttonGroup, buttonLink } from '../../components/button.js';
import { pagination } from '../../components/pagination.js';
import { select } from '../../components/select.js';
import { summaryList } from '../../components/summary-list.js';
import { table } from '../../components/table.js';
import { tag } from '../../components/tag.js';
import { formatDateTime } from '../../format.js';
import { formPage } from '../../forms/form-page.js';
import { adminHeading } from './common.js';

const PAGE_SIZE = 25;
const STATUS_FILTERS = [
  { value: 'true', text: 'Active' },
  { value: 'false', text: 'Deactivated' },
];

const userName = (user) => user.display_name || user.username;
const statusTag = (user) => (user.active ? tag('Active', 'green') : tag('Deactivated', 'grey'));

async function teamOptions() {
  const teams = await getAll('/api/v1/teams');
  return teams.map((t) => ({ value: String(t.id), text: t.name }));
}

export async function usersPage(ctx) {
  const role = Object.hasOwn(ROLES, ctx.query.get('role') || '') ? ctx.query.get('role') : '';
  const teamId = /^[1-9][0-9]{0,14}$/.test(ctx.query.get('team_id') || '') ? ctx.query.get('team_id') : '';
  const active = ['true', 'false'].includes(ctx.query.get('active')) ? ctx.query.get('active') : '';
  const cursor = ctx.query.get('cursor') || '';
  const filters = { role, team_id: teamId, active };
  const [teams, { body }] = await Promise.all([
    teamOptions(),
    get(`/api/v1/users${query({ ...filters, cursor, limit: PAGE_SIZE })}`),
  ]);
  const filtered = Boolean(role || teamId || active);
  const listHref = (extra) => `/admin/users${query({ ...filters, ...extra })}`;
  const rows = body.items.map((u) => [
    html`<a class="govuk-link" href="/admin/users/${u.id}">${userName(u)}</a>`,
    u.username,
    label(ROLES, u.role),
    u.team || '',
    statusTag(u),
  ]);

  ctx.show({
    title: filtered ? 'Users: filtered' : 'Users',
    body: html`${adminHeading(ctx, 'Users')}
${buttonLink('Add a user', '/admin/users/new')}
<div class="app-search-wrapper"><form method="get" action="/admin/users" class="app-search" aria-label="Filter users">
  ${select({ name: 'role', label: 'Role', value: role, options: options(ROLES), placeholder: 'All roles', labelClass: 'govuk-label--s' })}
  ${select({ name: 'team_id', label: 'Team', value: teamId, options: teams, placeholder: 'All teams', labelClass: 'govuk-label--s' })}
  ${select({ name: 'active', label: 'Status', value: active, options: STATUS_FILTERS, placeholder: 'Active and deactivated', labelClass: 'govuk-label--s' })}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Apply filters</button>
</form></div>
${filtered ? html`<p class="govuk-body"><a class="govuk-link" href="/admin/users">Clear the filters</a></p>` : ''}
${rows.length
    ? table({
      caption: `${filtered ? 'Users matching the filters' : 'Users'}${cursor ? ' (continued)' : ''}`,
      captionSize: 's',
      columns: [{ text: 'Name' }, { text: 'Username' }, { text: 'Role' }, { text: 'Team' }, { text: 'Status' }],
      rows,
    })
    : html`<p class="govuk-body">${filtered ? 'No users match the filters.' : 'There are no users.'}</p>`}
${pagination({
    firstHref: cursor ? listHref({}) : null,
    nextHref: body.next_cursor ? listHref({ cursor: body.next_cursor }) : null,
  })}`,
    init(root) {
      const form = root.querySelector('form.app-search');
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const data = new FormData(form);
        ctx.navigate(`/admin/users${query({ role: data.get('role'), team_id: data.get('team_id'), active: data.get('active') })}`);
      });
    },
  });
}

function roleField(hint) {
  return { type: 'radios', name: 'role', label: 'Role', errorName: 'the role', hint, options: options(ROLES), legendSize: 'm' };
}

function teamField(teams) {
  return { type: 'select', name: 'team_id', label: 'Team (optional)', errorName: 'the team', numeric: true, nullable: true, options: teams, placeholder: 'No team' };
}

export async function userNewPage(ctx) {
  const teams = await teamOptions();
  formPage(ctx, {
    title: 'Add a user',
    caption: 'Administration',
    fields: [
      { type: 'text', name: 'username', label: 'Username', errorName: 'the username', hint: 'What they sign in with: 2 to 64 lower-case letters, digits, dots, hyphens or underscores, such as priya.shah', autocomplete: 'off', spellcheck: false, width: 20 },
      { type: 'text', name: 'display_name', label: 'Full name (optional)', errorName: 'the full name', hint: 'As other people will see it, such as Priya Shah', autocomplete: 'off', spellcheck: false, width: 30 },
      roleField('What they can see and do'),
      teamField(teams),
    ],
    submitText: 'Add user',
    back: { href: '/admin/users', text: 'Back to users' },
    cancel: { href: '/admin/users', text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/users', body, { idempotencyKey }),
    done: ({ body }) => ctx.navigate(`/admin/users/${body.id}`, {
      flash: { heading: `${userName(body)} has been added`, text: 'They need a password before they can sign in: see below.' },
    }),
  });
}

export async function userPage(ctx) {
  const user = (await get(`/api/v1/users/${ctx.params.id}`)).body;
  const name = userName(user);
  const edit = { href: `/admin/users/${user.id}/edit` };
  ctx.show({
    title: `User: ${name}`,
    back: { href: '/admin/users', text: 'Back to users' },
    body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <span class="govuk-caption-l">User</span>
  <h1 class="govuk-heading-l">${name}</h1>
  ${summaryList([
    { key: 'Full name', value: user.display_name, action: { ...edit, text: 'Change', hidden: 'full name' } },
    { key: 'Username', value: user.username },
    { key: 'Role', value: label(ROLES, user.role), action: { ...edit, text: 'Change', hidden: 'role' } },
    { key: 'Team', value: user.team, action: { ...edit, text: 'Change', hidden: 'team' } },
    { key: 'Status', value: statusTag(user), action: { ...edit, text: 'Change', hidden: 'status' } },
    { key: 'Password', value: user.has_password ? 'Set' : 'Not set yet' },
    { key: 'Added', value: formatDateTime(user.created_at) },
  ])}
  ${buttonGroup(
    buttonLink('Change details', edit.href, { secondary: true }),
    user.active ? buttonLink('Issue an API token', `/admin/users/${user.id}/tokens/new`, { secondary: true }) : '',
  )}
  <h2 class="govuk-heading-m">Password</h2>
  <p class="govuk-body">Passwords are not set in the web app. A system administrator with access to the server sets one with the command:</p>
  <pre class="govuk-body govuk-!-margin-bottom-4"><code>fgcd user passwd ${user.username}</code></pre>
  <p class="govuk-body">It asks for the password, which must be 12 characters or more. Give it to ${name} in person or by phone, not in the same email as their username. Running the command again replaces the password and signs them out everywhere.</p>
  <h2 class="govuk-heading-m">API tokens</h2>
  <p class="govuk-body">A token lets a program use the service’s API as ${name}, with the same role. ${user.active ? 'Issue one only when it is needed, for the program that needs it.' : 'Deactivated accounts cannot be given tokens, and their tokens no longer work.'}</p>
</div></div>`,
  });
}

export async function userEditPage(ctx) {
  const [user, teams] = await Promise.all([
    get(`/api/v1/users/${ctx.params.id}`).then((r) => r.body),
    teamOptions(),
  ]);
  const back = { href: `/admin/users/${user.id}`, text: 'Back' };
  const self = user.id === ctx.user.id;
  formPage(ctx, {
    title: 'Change a user’s details',
    caption: `${userName(user)} (${user.username})`,
    intro: self ? html`<div class="govuk-inset-text">This is your own account: you cannot deactivate it or take away its administrator role.</div>` : '',
    fields: [
      { type: 'text', name: 'display_name', label: 'Full name', errorName: 'the full name', nullable: true, autocomplete: 'off', spellcheck: false, width: 30 },
      roleField(null),
      teamField(teams),
      {
        type: 'radios',
        name: 'active',
        label: 'Can they sign in?',
        errorName: 'whether they can sign in',
        boolean: true,
        options: [
          { value: 'true', text: 'Yes, the account is active' },
          { value: 'false', text: 'No, deactivate the account', hint: 'They are signed out, and their API tokens stop working within a minute' },
        ],
      },
    ],
    values: {
      display_name: user.display_name || '',
      role: user.role,
      team_id: user.team_id ? String(user.team_id) : '',
      active: String(user.active),
    },
    submitText: 'Save changes',
    back,
    cancel: { ...back, text: 'Cancel' },
    // Based on the version this page loaded: a change made meanwhile is not overwritten (412).
    submit: (body) => patch(`/api/v1/users/${user.id}`, body, { ifMatch: user.version }),
    done: ({ body }) => ctx.navigate(`/admin/users/${body.id}`, { flash: { heading: 'Changes saved' } }),
  });
}

function tokenView(user, token) {
  const name = userName(user);
  return {
    title: 'API token issued',
    body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <div class="govuk-panel govuk-panel--confirmation">
    <h1 class="govuk-panel__title">API token issued</h1>
    <div class="govuk-panel__body">for ${name} (${user.username})</div>
  </div>
  <div class="govuk-warning-text">
    <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
    <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>Copy the token now. It will not be shown again: the service keeps only a fingerprint of it.</strong>
  </div>
  <div class="govuk-form-group">
    <label class="govuk-label govuk-label--s" for="api-token">API token</label>
    <div id="api-token-hint" class="govuk-hint">Select it and copy it. Anyone who has it can use the service as ${name}.</div>
    <input class="govuk-input" id="api-token" name="api-token" type="text" value="${token}" readonly spellcheck="false" autocomplete="off" aria-describedby="api-token-hint">
  </div>
  <p class="govuk-body">Programs send it in the header <code>Authorization: Bearer</code> followed by the token. Keep it where only they can read it. If it is lost or seen by someone else, issue a new one.</p>
  <p class="govuk-body"><a class="govuk-link" href="/admin/users/${user.id}">Back to ${name}</a></p>
</div></div>`,
  };
}

export async function tokenNewPage(ctx) {
  const user = (await get(`/api/v1/users/${ctx.params.id}`)).body;
  const back = { href: `/admin/users/${user.id}`, text: 'Back' };
  formPage(ctx, {
    title: 'Issue an API token',
    caption: `${userName(user)} (${user.username})`,
    intro: html`<p class="govuk-body">The token will be shown once, on the next page.</p>`,
    fields: [
      { type: 'text', name: 'label', label: 'What is the token for? (optional)', errorName: 'what the token is for', hint: 'To recognise it later, such as “Monthly returns script”', autocomplete: 'off', width: 30 },
    ],
    submitText: 'Issue token',
    back,
    cancel: { ...back, text: 'Cancel' },
    // No Idempotency-Key: the daemon makes a new secret for every request, so a retry is a new
    // request, not a replay of the first (which could not show the first secret again anyway).
    submit: (body) => post(`/api/v1/users/${user.id}/tokens`, body),
    done: ({ body }) => {
      if (!body || !body.token) throw new Error('The token was not in the answer');
      ctx.show(tokenView(user, body.token));
    },
  });
}
