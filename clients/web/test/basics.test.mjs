// Unit tests of the small helpers: HTML escaping, dates, formatting, roles and ids of fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { html, raw } from '../src/js/html.js';
import { isoToParts, partsToIso, todayIso } from '../src/js/dates.js';
import { ageInYears, formatDate, formatDateTime } from '../src/js/format.js';
import { homeFor, navigationFor } from '../src/js/roles.js';
import { fieldId } from '../src/js/components/field-parts.js';
import { CIN_REFERRAL_SOURCES, label, options } from '../src/js/codes.js';

describe('html', () => {
  it('escapes values but not nested html or raw markup', () => {
    const name = '<script>alert("x")</script> & \'';
    assert.equal(String(html`<p title="${name}">${name}</p>`), '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;</p>');
    assert.equal(String(html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`), '<ul><li>a</li><li>b</li></ul>');
    assert.equal(String(html`${raw('<b>')}${null}${false}${undefined}${0}`), '<b>0');
  });
});

describe('dates', () => {
  it('turns day, month and year into YYYY-MM-DD, and back', () => {
    assert.equal(partsToIso({ day: '3', month: '11', year: '2026' }), '2026-11-03');
    assert.equal(partsToIso({ day: ' 03 ', month: '1', year: '2026' }), '2026-01-03');
    assert.equal(partsToIso({ day: '', month: '', year: '' }), null);
    assert.deepEqual(isoToParts('2026-01-09'), { day: '9', month: '1', year: '2026' });
    assert.deepEqual(isoToParts(null), { day: '', month: '', year: '' });
  });
  it('knows today in England', () => {
    // 23:30 UTC on 30 June is already 1 July in London (British Summer Time).
    assert.equal(todayIso(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
    assert.equal(todayIso(new Date('2026-12-31T23:30:00Z')), '2026-12-31');
  });
});

describe('format', () => {
  it('writes dates the GOV.UK way', () => {
    assert.equal(formatDate('2026-11-02'), '2 November 2026');
    assert.equal(formatDate(null), '');
    assert.equal(formatDateTime('2026-11-23T17:02:46.77+00:00'), '23 November 2026 at 5:02pm');
  });
  it('counts whole years of age', () => {
    assert.equal(ageInYears('2017-06-14', '2026-06-13'), 8);
    assert.equal(ageInYears('2017-06-14', '2026-06-14'), 9);
    assert.equal(ageInYears('2027-01-01', '2026-06-14'), null);
  });
});

describe('roles', () => {
  it('shows each role only what it can use', () => {
    const nav = (role) => navigationFor({ role }).map((i) => i.text);
    assert.deepEqual(nav('social_worker'), ['My cases', 'Referrals']);
    assert.deepEqual(nav('fgc_coordinator'), ['Referrals', 'Children', 'Dashboard']);
    assert.deepEqual(nav('trainer'), ['Courses', 'Sessions', 'Progress']);
    assert.equal(homeFor({ role: 'social_worker' }), '/cases');
    assert.equal(homeFor({ role: 'fgc_coordinator' }), '/referrals');
    assert.equal(homeFor({ role: 'trainer' }), '/training/sessions');
  });
});

describe('fields and codes', () => {
  it('makes element ids from field names', () => {
    assert.equal(fieldId('attendees[1].role'), 'attendees-1-role');
    assert.equal(fieldId('referred_on'), 'referred_on');
  });
  it('keeps the order of code lists with numeric codes', () => {
    assert.deepEqual(options(CIN_REFERRAL_SOURCES).slice(0, 2).map((o) => o.value), ['1A', '1B']);
    assert.equal(label(CIN_REFERRAL_SOURCES, '4'), 'Housing');
  });
});
