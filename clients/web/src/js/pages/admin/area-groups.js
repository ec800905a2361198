// Area groups (such as the targeted clusters): the list, creating one from a local authority's clusters, and changing it.
import { get, getAll, patch, post, query } from '../../api.js';
import { html } from '../../html.js';
import { buttonLink } from '../../components/button.js';
import { table } from '../../components/table.js';
import { formPage } from '../../forms/form-page.js';
import { adminHeading, areaText } from './common.js';

const BACK = { href: '/admin/area-groups', text: 'Back to area groups' };

export async function areaGroupsPage(ctx) {
  const groups = await getAll('/api/v1/area-groups');
  ctx.show({
    title: 'Area groups',
    body: html`${adminHeading(ctx, 'Area groups')}
<p class="govuk-body">A group is some of the clusters of one local authority, such as the clusters where FGCs are targeted. Indicators and report cards can be asked for a group, and compared with the rest of its local authority.</p>
${buttonLink('Create an area group', '/admin/area-groups/new')}
${groups.length
    ? table({
      caption: 'Area groups',
      captionSize: 's',
      columns: [{ text: 'Name' }, { text: 'Local authority' }, { text: 'Clusters' }],
      rows: groups.map((g) => [
        html`<a class="govuk-link" href="/admin/area-groups/${g.id}">${g.name}</a>`,
        g.local_authority,
        (g.clusters || []).map((c) => c.name).join(', '),
      ]),
    })
    : html`<p class="govuk-body">There are no area groups yet.</p>`}`,
  });
}

function groupFields(clusters) {
  return [
    { type: 'text', name: 'name', label: 'Name', errorName: 'the name', hint: 'Such as Targeted clusters. Not only digits.', autocomplete: 'off', width: 30 },
    { type: 'textarea', name: 'description', label: 'Description (optional)', errorName: 'the description', nullable: true, maxlength: 2000, rows: 3 },
    {
      type: 'checkboxes',
      name: 'cluster_ids',
      label: 'Clusters in the group',
      errorName: 'the clusters in the group',
      hint: 'Select all that apply',
      numeric: true,
      sendEmpty: true,
      options: clusters.map((c) => ({ value: String(c.id), text: areaText(c) })),
    },
  ];
}

// A group needs at least one cluster: said before sending, in the GOV.UK way.
const atLeastOneCluster = (body) => (body.cluster_ids && body.cluster_ids.length ? [] : [{ field: 'cluster_ids', message: 'Is required' }]);

// Which local authority's clusters make the new group: asked first when there is more than one.
async function chooseAuthority(ctx, authorities) {
  formPage(ctx, {
    title: 'Create an area group',
    caption: 'Administration',
    fields: [{
      type: 'select',
      name: 'authority',
      label: 'Which local authority are the clusters in?',
      errorName: 'the local authority',
      hint: 'A group’s clusters all belong to one local authority',
      labelClass: 'govuk-label--m',
      options: authorities.map((a) => ({ value: a.code, text: areaText(a) })),
    }],
    submitText: 'Continue',
    back: BACK,
    cancel: { ...BACK, text: 'Cancel' },
    validate: (body) => (body.authority ? [] : [{ field: 'authority', message: 'Is required' }]),
    submit: async (body) => body,
    done: (body) => ctx.navigate(`/admin/area-groups/new${query({ authority: body.authority })}`),
  });
}

export async function areaGroupNewPage(ctx) {
  let code = ctx.query.get('authority');
  if (!code) {
    const authorities = await getAll('/api/v1/areas', { kind: 'local_authority' });
    if (authorities.length !== 1) {
      await chooseAuthority(ctx, authorities);
      return;
    }
    code = authorities[0].code;
  }
  const authority = (await get(`/api/v1/areas/${encodeURIComponent(code)}`)).body;
  const clusters = authority.clusters || [];
  if (!clusters.length) {
    ctx.show({
      title: 'Create an area group',
      back: BACK,
      body: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <span class="govuk-caption-l">${authority.name}</span>
  <h1 class="govuk-heading-l">Create an area group</h1>
  <p class="govuk-body">${authority.name} has no clusters yet, so it has nothing to group.</p>
  <p class="govuk-body"><a class="govuk-link" href="/admin/areas/${encodeURIComponent(authority.code)}/clusters/new">Add a cluster to ${authority.name}</a></p>
</div></div>`,
    });
    return;
  }
  formPage(ctx, {
    title: 'Create an area group',
    caption: authority.name,
    fields: groupFields(clusters),
    submitText: 'Create group',
    validate: atLeastOneCluster,
    back: BACK,
    cancel: { ...BACK, text: 'Cancel' },
    submit: (body, { idempotencyKey }) => post('/api/v1/area-groups', body, { idempotencyKey }),
    done: ({ body }) => ctx.navigate('/admin/area-groups', { flash: { heading: `${body.name} has been created`, text: `Clusters: ${body.clusters.map((c) => c.name).join(', ')}.` } }),
  });
}

export async function areaGroupEditPage(ctx) {
  const group = (await get(`/api/v1/area-groups/${ctx.params.id}`)).body;
  const authority = (await get(`/api/v1/areas/${encodeURIComponent(group.local_authority)}`)).body;
  formPage(ctx, {
    title: 'Change an area group',
    caption: `${group.name}, ${authority.name}`,
    fields: groupFields(authority.clusters || []),
    values: {
      name: group.name,
      description: group.description || '',
      cluster_ids: (group.clusters || []).map((c) => String(c.id)),
    },
    submitText: 'Save changes',
    validate: atLeastOneCluster,
    back: BACK,
    cancel: { ...BACK, text: 'Cancel' },
    submit: (body) => patch(`/api/v1/area-groups/${group.id}`, body, { ifMatch: group.version }),
    done: ({ body }) => ctx.navigate('/admin/area-groups', { flash: { heading: `${body.name} has been changed` } }),
  });
}
