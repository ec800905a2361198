// "My cases" (or "Children"): the children the user can see, with a search by name.
import { get, query } from '../api.js';
import { html } from '../html.js';
import { ETHNICITY, label } from '../codes.js';
import { buttonLink } from '../components/button.js';
import { input } from '../components/input.js';
import { pagination } from '../components/pagination.js';
import { table } from '../components/table.js';
import { formatDate, childName } from '../format.js';
import { can, seesNames } from '../roles.js';

const PAGE_SIZE = 25;

export async function casesPage(ctx) {
  const mine = ctx.user.role === 'social_worker';
  const title = mine ? 'My cases' : 'Children';
  const names = seesNames(ctx.user);
  const q = names ? (ctx.query.get('q') || '').trim() : '';
  const cursor = ctx.query.get('cursor') || '';
  const { body } = await get(`/api/v1/children${query({ q, cursor, limit: PAGE_SIZE })}`);

  const rows = body.items.map((child) => [
    html`<a class="govuk-link" href="/children/${child.id}">${childName(child)}</a>`,
    formatDate(child.date_of_birth),
    child.area,
    label(ETHNICITY, child.ethnicity),
  ]);
  const listHref = (params) => `/cases${query(params)}`;
  let empty;
  if (q) empty = html`<p class="govuk-body">No children match ‘${q}’. Check the spelling, or search for part of the name.</p>`;
  else if (cursor) empty = html`<p class="govuk-body">There are no more children.</p>`;
  else empty = html`<p class="govuk-body">${mine ? 'No children are allocated to you or your team yet.' : 'There are no children to show.'}</p>`;

  ctx.show({
    title: q ? `${title}: search results` : title,
    body: html`<h1 class="govuk-heading-l">${title}</h1>
${mine ? html`<p class="govuk-body">Children allocated to you or your team, and children in referrals you made.</p>` : ''}
${can(ctx.user, 'writeCases') ? buttonLink('Add a child', '/children/new', { secondary: true }) : ''}
${names ? html`<div class="app-search-wrapper"><form method="get" action="/cases" class="app-search" role="search" aria-label="Children">
  ${input({ name: 'q', label: 'Search by name', value: q, width: 20, spellcheck: false, labelClass: 'govuk-label--s' })}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Search</button>
</form></div>` : ''}
${rows.length
    ? table({
      caption: q ? `Children matching ‘${q}’` : (mine ? 'Your cases' : 'Children'),
      captionSize: 's',
      columns: [{ text: 'Name' }, { text: 'Date of birth' }, { text: 'Area' }, { text: 'Ethnicity' }],
      rows,
    })
    : empty}
${pagination({
    firstHref: cursor ? listHref({ q }) : null,
    nextHref: body.next_cursor ? listHref({ q, cursor: body.next_cursor }) : null,
  })}`,
    init(root) {
      const form = root.querySelector('form.app-search');
      if (!form) return;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const value = String(new FormData(form).get('q') || '').trim();
        ctx.navigate(listHref({ q: value }));
      });
    },
  });
}
