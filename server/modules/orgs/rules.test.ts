import { describe, expect, it } from 'vitest';
import { orgKinds, orgLevels } from '../../../common/enums.js';
import { canNest, childPath, siteKindFits, windowDepartmentFits } from './rules.js';

describe('canNest (R1.1: four levels, departments beside their government)', () => {
  const gov = (level: (typeof orgLevels)[number]) => ({ kind: 'government' as const, level });

  it.each([
    [null, gov('prefecture'), true],
    [null, gov('county'), false],
    [gov('prefecture'), gov('county'), true],
    [gov('prefecture'), { kind: 'park' as const, level: 'county' as const }, true],
    [gov('county'), { kind: 'park' as const, level: 'county' as const }, false],
    [gov('county'), gov('township'), true],
    [{ kind: 'park' as const, level: 'county' as const }, gov('township'), true],
    [gov('township'), gov('village'), true],
    [gov('village'), gov('village'), false],
    [gov('prefecture'), gov('township'), false],
    [gov('county'), { kind: 'department' as const, level: 'county' as const }, true],
    [gov('county'), { kind: 'department' as const, level: 'prefecture' as const }, false],
    [{ kind: 'department' as const, level: 'county' as const }, { kind: 'department' as const, level: 'county' as const }, false],
  ])('%j → %j: %s', (parent, child, expected) => {
    expect(canNest(parent, child)).toBe(expected);
  });

  it('never lets anything hang under a department', () => {
    for (const kind of orgKinds) for (const level of orgLevels) expect(canNest({ kind: 'department', level: 'county' }, { kind, level })).toBe(false);
  });
});

describe('paths, sites and windows', () => {
  it('builds a child path from the parent path', () => {
    expect(childPath(null, 'a')).toBe('/a/');
    expect(childPath('/a/', 'b')).toBe('/a/b/');
  });

  it('puts halls at prefecture and county level and agency points below', () => {
    expect(orgLevels.filter((l) => siteKindFits('hall', l))).toEqual(['prefecture', 'county']);
    expect(orgLevels.filter((l) => siteKindFits('agencyPoint', l))).toEqual(['township', 'village']);
  });

  it('asks a department window, and only it, for a department', () => {
    expect(windowDepartmentFits('department', 'x')).toBe(true);
    expect(windowDepartmentFits('department', null)).toBe(false);
    expect(windowDepartmentFits('companyRegistration', 'x')).toBe(false);
    expect(windowDepartmentFits('companyRegistration', null)).toBe(true);
  });
});
