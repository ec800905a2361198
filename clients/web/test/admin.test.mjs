// Unit tests of the administrator's pages: who sees them, their addresses, and money as typed and shown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { navigationFor } from '../src/js/roles.js';
import { adminRoutes } from '../src/js/pages/admin/routes.js';
import { ADMIN_SECTIONS, amountFromText, formatPounds } from '../src/js/pages/admin/common.js';

describe('administration', () => {
  it('is in the navigation of administrators only', () => {
    const hasAdmin = (role) => navigationFor({ role }).some((item) => item.href === '/admin' && item.text === 'Admin');
    assert.equal(hasAdmin('admin'), true);
    for (const role of ['social_worker', 'fgc_coordinator', 'manager', 'data_analyst', 'trainer']) {
      assert.equal(hasAdmin(role), false, role);
    }
  });

  it('has pages only administrators may open, each section among them', () => {
    assert.ok(adminRoutes.length > 0);
    for (const route of adminRoutes) {
      assert.deepEqual(route.roles, ['admin'], route.path);
      assert.match(route.path, /^\/admin(\/|$)/);
      assert.equal(typeof route.page, 'function');
    }
    for (const section of ADMIN_SECTIONS) {
      assert.ok(adminRoutes.some((route) => route.path === section.href), section.href);
    }
    // A fixed address comes before a pattern that would also match it.
    const paths = adminRoutes.map((route) => route.path);
    assert.ok(paths.indexOf('/admin/areas/new') < paths.indexOf('/admin/areas/:code'));
  });

  it('reads amounts of money as typed and shows them in pounds', () => {
    assert.equal(amountFromText('646'), 646);
    assert.equal(amountFromText(' £1,250.50 '), 1250.5);
    assert.equal(amountFromText('about 70'), 'about 70');
    assert.equal(amountFromText(''), '');
    assert.equal(formatPounds(646), '£646');
    assert.equal(formatPounds('645.5'), '£645.50');
    assert.equal(formatPounds(100000), '£100,000');
    assert.equal(formatPounds(null), '');
  });
});
