// The administrator's pages and their addresses (all for the admin role), added to the app's routes in ../../routes.js.
import { CAN } from '../../roles.js';
import { areaGroupEditPage, areaGroupNewPage, areaGroupsPage } from './area-groups.js';
import { areaPage, areaRenamePage, areasPage, authorityNewPage, clusterNewPage, populationNewPage } from './areas.js';
import { adminPage } from './index.js';
import { indicatorTargetEditPage, indicatorTargetNewPage, targetsPage, trainingTargetEditPage, trainingTargetNewPage } from './targets.js';
import { teamNewPage, teamsPage } from './teams.js';
import { unitCostDefaultPage, unitCostEditPage, unitCostsPage } from './unit-costs.js';
import { tokenNewPage, userEditPage, userNewPage, userPage, usersPage } from './users.js';

const ADMIN = CAN.administer;

// The first match wins, so fixed paths come before patterns that would also match them.
export const adminRoutes = [
  { path: '/admin', page: adminPage, roles: ADMIN },
  { path: '/admin/users', page: usersPage, roles: ADMIN },
  { path: '/admin/users/new', page: userNewPage, roles: ADMIN },
  { path: '/admin/users/:id', page: userPage, roles: ADMIN },
  { path: '/admin/users/:id/edit', page: userEditPage, roles: ADMIN },
  { path: '/admin/users/:id/tokens/new', page: tokenNewPage, roles: ADMIN },
  { path: '/admin/teams', page: teamsPage, roles: ADMIN },
  { path: '/admin/teams/new', page: teamNewPage, roles: ADMIN },
  { path: '/admin/areas', page: areasPage, roles: ADMIN },
  { path: '/admin/areas/new', page: authorityNewPage, roles: ADMIN },
  { path: '/admin/areas/:code', page: areaPage, roles: ADMIN },
  { path: '/admin/areas/:code/rename', page: areaRenamePage, roles: ADMIN },
  { path: '/admin/areas/:code/clusters/new', page: clusterNewPage, roles: ADMIN },
  { path: '/admin/areas/:code/populations/new', page: populationNewPage, roles: ADMIN },
  { path: '/admin/area-groups', page: areaGroupsPage, roles: ADMIN },
  { path: '/admin/area-groups/new', page: areaGroupNewPage, roles: ADMIN },
  { path: '/admin/area-groups/:id', page: areaGroupEditPage, roles: ADMIN },
  { path: '/admin/targets', page: targetsPage, roles: ADMIN },
  { path: '/admin/indicator-targets/new', page: indicatorTargetNewPage, roles: ADMIN },
  { path: '/admin/indicator-targets/:id', page: indicatorTargetEditPage, roles: ADMIN },
  { path: '/admin/training-targets/new', page: trainingTargetNewPage, roles: ADMIN },
  { path: '/admin/training-targets/:id', page: trainingTargetEditPage, roles: ADMIN },
  { path: '/admin/unit-costs', page: unitCostsPage, roles: ADMIN },
  { path: '/admin/unit-costs/:status', page: unitCostEditPage, roles: ADMIN },
  { path: '/admin/unit-costs/:status/default', page: unitCostDefaultPage, roles: ADMIN },
];
