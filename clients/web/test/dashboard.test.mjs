// Unit tests of the dashboard's pure helpers (src/js/dashboard.js): values, changes in words, better or worse, suppression, the wall's trend line, routes and roles.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  KEY_MEASURES, SUPPRESSED_TEXT, addDaysIso, canCompareWithRest, changeSentence, changeWords, chartValues, decimalsFor, difference,
  formatValue, isSuppressed, judgement, reportingYear, reportingYearName, sparkPoints, unitWords, updatedAt, yearAgo,
} from '../src/js/dashboard.js';
import { can, homeFor, navigationFor } from '../src/js/roles.js';

const RATE1 = { statistic: 'rate', rounding: 1, unit: 'per 10,000 children', lower_is_better: true };
const CLA = { statistic: 'rate', rounding: 0, unit: 'per 10,000 children', lower_is_better: true };
const PCT = { statistic: 'percentage', rounding: 1, unit: '%', lower_is_better: false };
const COUNT = { statistic: 'count', rounding: null, unit: 'conferences', lower_is_better: false };
const MEDIAN = { statistic: 'median', rounding: 1, unit: 'days', lower_is_better: true };

describe('dashboard values', () => {
  it('formats values with the catalogue rounding, "c" and "Not available"', () => {
    assert.equal(formatValue(13, CLA), '13');
    assert.equal(formatValue(1.3, RATE1), '1.3');
    assert.equal(formatValue(2, RATE1), '2.0');
    assert.equal(formatValue(66.7, PCT), '66.7%');
    assert.equal(formatValue(1392, COUNT), '1,392');
    assert.equal(formatValue(20, MEDIAN), '20.0');
    assert.equal(formatValue('c', PCT), 'c');
    assert.equal(formatValue(null, PCT), 'Not available');
    assert.equal(formatValue(0, COUNT), '0');
    assert.equal(decimalsFor({ statistic: 'median' }), 1);
    assert.equal(unitWords(RATE1), 'per 10,000 children');
    assert.equal(unitWords(PCT), '');
  });

  it('knows a suppressed value and explains "c" the GOV.UK way', () => {
    assert.equal(isSuppressed({ value: 'c', suppressed: true }), true);
    assert.equal(isSuppressed({ value: 3, suppressed: false }), false);
    assert.equal(isSuppressed('c'), true);
    assert.equal(SUPPRESSED_TEXT, 'c: fewer than 6 children, hidden to protect privacy');
    assert.deepEqual(chartValues([{ value: 1 }, { value: 'c' }, { value: null }, { value: 0 }]), [1, null, null, 0]);
  });
});

describe('changes from a year ago', () => {
  it('says which way and by how much, without floating-point noise', () => {
    assert.equal(difference(4.5, 4.2, 1), 0.3);
    assert.equal(changeWords(42.1, 45.3, RATE1), 'down 3.2 from a year ago');
    assert.equal(changeWords(14, 13, CLA), 'up 1 from a year ago');
    assert.equal(changeWords(5, 5, COUNT), 'no change from a year ago');
    assert.equal(changeWords(60, 58.5, PCT), 'up 1.5 percentage points from a year ago');
    assert.equal(changeWords(61, 60, PCT), 'up 1.0 percentage point from a year ago');
    assert.equal(changeWords(null, 3, COUNT), null);
    assert.equal(changeWords('c', 3, COUNT), null);
  });

  it('judges better or worse from lower_is_better', () => {
    assert.equal(judgement(42.1, 45.3, true), 'better');
    assert.equal(judgement(45.3, 42.1, true), 'worse');
    assert.equal(judgement(70, 60, false), 'better');
    assert.equal(judgement(50, 60, false), 'worse');
    assert.equal(judgement(5, 5, true), 'same');
    assert.equal(judgement(5, 4, null), null);
    assert.equal(judgement(null, 4, true), null);
  });

  it('writes the sentence beside a value', () => {
    assert.equal(changeSentence(42.1, 45.3, RATE1), 'Down 3.2 from a year ago: better.');
    assert.equal(changeSentence(25, 20, MEDIAN), 'Up 5.0 from a year ago: worse.');
    assert.equal(changeSentence(3, 3, COUNT), 'No change from a year ago.');
    assert.equal(changeSentence(3, null, COUNT), 'No figure for a year ago to compare with.');
    assert.equal(changeSentence('c', 7, COUNT), 'No comparison with a year ago: a figure is hidden to protect privacy.');
  });
});

describe('dates of the dashboard', () => {
  it('finds a year ago, reporting years and the time of an update', () => {
    assert.equal(yearAgo('2026-11-23'), '2025-11-23');
    assert.equal(yearAgo('2024-02-29'), '2023-02-28');
    assert.equal(addDaysIso('2026-01-01', -1), '2025-12-31');
    assert.equal(reportingYear('2026-03-31'), 2026);
    assert.equal(reportingYear('2026-04-01'), 2027);
    assert.equal(reportingYearName(2025), '2024-25');
    assert.equal(reportingYearName(2000), '1999-00');
    // 14:05 UTC in summer is 15:05 in England.
    assert.equal(updatedAt(new Date('2026-07-01T14:05:00Z')), 'Updated 15:05');
    assert.equal(updatedAt(new Date('2026-12-01T09:07:00Z')), 'Updated 09:07');
  });
});

describe('the wall display trend line', () => {
  it('fills the box, skips gaps and keeps a flat line in the middle', () => {
    assert.equal(sparkPoints([0, 10], 100, 20, 0), '0,20 100,0');
    assert.equal(sparkPoints([5, 'c', 5], 100, 20, 0), '0,10 100,10');
    assert.equal(sparkPoints([null, null], 100, 20), '');
    assert.equal(sparkPoints([3], 100, 20), '50,10');
  });
});

describe('dashboard roles and measures', () => {
  it('starts managers at the dashboard and shows it to coordinators, administrators and analysts', () => {
    assert.equal(homeFor({ role: 'manager' }), '/dashboard');
    assert.equal(navigationFor({ role: 'manager' })[0].href, '/dashboard');
    for (const role of ['admin', 'fgc_coordinator', 'data_analyst']) {
      assert.ok(navigationFor({ role }).some((i) => i.href === '/dashboard'), role);
      assert.equal(can({ role }, 'readDashboard'), true, role);
    }
    for (const role of ['social_worker', 'trainer']) {
      assert.equal(can({ role }, 'readDashboard'), false, role);
      assert.ok(!navigationFor({ role }).some((i) => i.href === '/dashboard'), role);
    }
  });
  it('has the ten key measures, two of them training', () => {
    assert.equal(KEY_MEASURES.length, 10);
    assert.deepEqual(KEY_MEASURES.filter((m) => m.course).map((m) => m.course), ['AWARENESS-RAISING', 'DEEP-DIVE']);
    assert.equal(new Set(KEY_MEASURES.map((m) => m.id)).size, 10);
    assert.equal(canCompareWithRest('group:3'), true);
    assert.equal(canCompareWithRest('cluster:LS-C01'), true);
    assert.equal(canCompareWithRest(''), false);
  });
});
