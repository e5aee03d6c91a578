import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, residentIdCheckChar } from '../../../common/id-codes.js';
import type { ResourceField } from '../../../common/sharing.js';
import type { Actor } from '../../platform/access.js';
import {
  applicationRefusal, checkGrant, checkRecordData, decideAccess, deidentify, mayActFor, mayKeepRecords, mayPublish, mayQueryInPerson, mayWatch, parseBearer, resultOf, shapeRecord, subjectKindOf,
  type AccessQuestion, type ApplicationFacts,
} from './rules.js';

const fields: ResourceField[] = [
  { key: 'name', name: '姓名', nameEn: 'Name', type: 'name', sensitive: false },
  { key: 'address', name: '住址', nameEn: 'Address', type: 'address', sensitive: true },
  { key: 'spouseIdNumber', name: '配偶身份证号', nameEn: 'Spouse ID', type: 'idNumber', sensitive: true },
  { key: 'paidMonths', name: '缴费月数', nameEn: 'Months paid', type: 'number', sensitive: false },
  { key: 'arrears', name: '欠税金额', nameEn: 'Arrears', type: 'number', sensitive: true },
];
const residentId = (first17: string) => first17 + residentIdCheckChar(first17);
const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17);
const spouse = residentId('65230119920415204');
const data = { name: '张伟', address: '昌吉市北京南路56号3栋2单元402室', spouseIdNumber: spouse, paidMonths: 164, arrears: 0 };

const app = (over: Partial<ApplicationFacts> = {}): ApplicationFacts => ({
  id: 'a1', status: 'approved', approvedFields: ['name', 'address', 'paidMonths'], validUntil: '2026-12-31', appliedAt: new Date('2026-01-05T02:00:00Z'), decidedAt: new Date('2026-01-06T02:00:00Z'), ...over,
});
const ask = (over: Partial<AccessQuestion> = {}): AccessQuestion => ({ sharingType: 'conditional', fields, isOwner: false, forCase: false, applications: [], today: '2026-03-02', ...over });

describe('who may query what (decideAccess)', () => {
  it('lets the owner read everything in clear, even a resource it does not share', () => {
    for (const sharingType of ['unconditional', 'conditional', 'notShared'] as const) {
      expect(decideAccess(ask({ sharingType, isOwner: true }))).toEqual({ allowed: true, granted: fields.map((f) => f.key), deidentified: [], applicationId: null });
    }
  });

  it('refuses a resource not shared to everyone else, inside a case too', () => {
    expect(decideAccess(ask({ sharingType: 'notShared', applications: [app()] }))).toMatchObject({ allowed: false, reason: 'notShared' });
    expect(decideAccess(ask({ sharingType: 'notShared', forCase: true }))).toMatchObject({ allowed: false, reason: 'notShared' });
  });

  it('opens an unconditional resource to any department with credentials, without an application', () => {
    expect(decideAccess(ask({ sharingType: 'unconditional' }))).toMatchObject({ allowed: true, granted: fields.map((f) => f.key), deidentified: [] });
  });

  it('gives a conditional resource only with an approved application: its fields, sensitive ones de-identified', () => {
    expect(decideAccess(ask())).toEqual({ allowed: false, reason: 'noApplication', applicationId: null });
    expect(decideAccess(ask({ applications: [app()] }))).toEqual({ allowed: true, granted: ['name', 'address', 'paidMonths'], deidentified: ['address'], applicationId: 'a1' });
  });

  it('counts the last day of an approval and not the day after', () => {
    expect(decideAccess(ask({ applications: [app({ validUntil: '2026-03-02' })] })).allowed).toBe(true);
    expect(decideAccess(ask({ applications: [app({ validUntil: '2026-03-01' })] }))).toMatchObject({ allowed: false, reason: 'expired', applicationId: 'a1' });
  });

  it('tells why from the latest application: pending, refused, revoked', () => {
    for (const status of ['pending', 'refused', 'revoked'] as const) {
      const older = app({ id: 'old', status: 'approved', validUntil: '2025-12-31', appliedAt: new Date('2025-01-01T00:00:00Z') });
      expect(decideAccess(ask({ applications: [older, app({ id: 'new', status, approvedFields: null, validUntil: null, decidedAt: null })] }))).toMatchObject({ allowed: false, reason: status, applicationId: 'new' });
    }
  });

  it('follows the latest approval when several are current (a narrower one narrows access)', () => {
    const wide = app({ id: 'wide', approvedFields: ['name', 'address', 'spouseIdNumber'], decidedAt: new Date('2026-01-06T00:00:00Z') });
    const narrow = app({ id: 'narrow', approvedFields: ['name'], decidedAt: new Date('2026-02-06T00:00:00Z') });
    expect(decideAccess(ask({ applications: [wide, narrow] }))).toMatchObject({ granted: ['name'], applicationId: 'narrow' });
  });

  it('authorises a use inside a case for every shared resource, masked as for any consumer', () => {
    expect(decideAccess(ask({ forCase: true }))).toEqual({ allowed: true, granted: fields.map((f) => f.key), deidentified: ['address', 'spouseIdNumber', 'arrears'], applicationId: null });
    expect(decideAccess(ask({ forCase: true, sharingType: 'unconditional' }))).toMatchObject({ deidentified: [] });
  });
});

describe('masking (shapeRecord, deidentify)', () => {
  it('sends granted fields in clear, sensitive ones de-identified, the rest withheld, and lists what is masked', () => {
    const decision = decideAccess(ask({ applications: [app({ approvedFields: ['name', 'address', 'spouseIdNumber', 'arrears'] })] }));
    if (!decision.allowed) throw new Error('expected access');
    const shaped = shapeRecord(fields, data, decision);
    expect(shaped.fields).toEqual({ name: '张伟', address: '昌吉市北京南********', spouseIdNumber: `652301********${spouse.slice(-4)}`, paidMonths: null, arrears: null });
    expect(shaped.clear).toEqual(['name']);
    expect(shaped.masked).toEqual(['address', 'spouseIdNumber', 'paidMonths', 'arrears']);
    expect(shaped.result).toBe('masked');
    expect(resultOf(decision, shaped)).toBe('masked');
  });

  it('returns everything in clear to the owner, and says so', () => {
    const decision = decideAccess(ask({ isOwner: true }));
    if (!decision.allowed) throw new Error('expected access');
    const shaped = shapeRecord(fields, data, decision);
    expect(shaped).toMatchObject({ fields: data, masked: [], result: 'returned' });
  });

  it('reports a refusal and a missing record as such', () => {
    const denied = decideAccess(ask());
    expect(resultOf(denied, null)).toBe('denied');
    expect(resultOf(decideAccess(ask({ isOwner: true })), null)).toBe('notFound');
  });

  it('never leaks a sensitive value whole, whatever its type', () => {
    expect(deidentify('name', '阿依努尔·买买提')).toBe('阿*******');
    expect(deidentify('idNumber', spouse)).toBe(`652301********${spouse.slice(-4)}`);
    const company = creditCode('91652301MA78TXFD0');
    expect(deidentify('idNumber', company)).toBe(`91652301********${company.slice(-2)}`);
    expect(deidentify('phone', '13899120001')).toBe('138****0001');
    expect(deidentify('date', '1990-03-07')).toBe('1990-**-**');
    expect(deidentify('text', '新（2020）昌吉市不动产权第0012345号')).toBe('新********');
    expect(deidentify('number', 12_000)).toBeNull();
    expect(deidentify('boolean', true)).toBeNull();
    expect(deidentify('address', '短地址')).toBe('***');
    expect(deidentify('text', null)).toBeNull();
  });
});

describe('who may do what', () => {
  const head = (path: string): Actor => ({ id: 'u', username: 'h', displayName: 'H', kind: 'staff', roles: ['departmentHead'], orgId: 'o', scopePath: path });
  const as = (roles: Actor['roles'], path = '/p/a/market/'): Actor => ({ ...head(path), roles });

  it('lets the owner\'s head publish and decide, its reviewers keep records, and administrators above do all', () => {
    const owner = '/p/a/market/';
    expect(mayPublish(head(owner), owner)).toBe(true);
    expect(mayPublish(as(['reviewer']), owner)).toBe(false);
    expect(mayKeepRecords(as(['reviewer']), owner)).toBe(true);
    expect(mayPublish(as(['admin'], '/p/'), owner)).toBe(true);
    expect(mayPublish(head('/p/b/market/'), owner)).toBe(false);
    expect(mayActFor(as(['supervisor'], '/p/'), owner)).toBe(false);
    expect(mayWatch(as(['supervisor'], '/p/'), owner)).toBe(true);
    expect(mayWatch(null, owner)).toBe(false);
  });

  it('lets staff who handle cases query in person, not supervisors, catalog managers or applicants', () => {
    expect(mayQueryInPerson(as(['windowClerk']))).toBe(true);
    expect(mayQueryInPerson(as(['reviewer']))).toBe(true);
    expect(mayQueryInPerson(as(['supervisor']))).toBe(false);
    expect(mayQueryInPerson(as(['catalogManager']))).toBe(false);
    expect(mayQueryInPerson({ ...as(['applicant']), kind: 'person', orgId: null, scopePath: null })).toBe(false);
  });

  it('refuses applications for one\'s own, unconditional and unshared resources', () => {
    expect(applicationRefusal('conditional', true)).toBe('sharing.own_resource');
    expect(applicationRefusal('unconditional', false)).toBe('sharing.no_approval_needed');
    expect(applicationRefusal('notShared', false)).toBe('sharing.not_shared');
    expect(applicationRefusal('conditional', false)).toBeNull();
  });
});

describe('applications, records and credentials', () => {
  const keys = fields.map((f) => f.key);
  it('checks the fields and validity asked for, and that a grant stays within them', () => {
    expect(checkGrant(keys, ['name'], '2026-12-31', '2026-03-02', '/body')).toEqual([]);
    expect(checkGrant(keys, [], '2026-12-31', '2026-03-02', '/body').map((e) => e.field)).toEqual(['/body/fields']);
    expect(checkGrant(keys, ['name', 'salary'], '2026-12-31', '2026-03-02', '/body')[0]!.message).toContain('salary');
    expect(checkGrant(keys, ['name'], '2026-03-01', '2026-03-02', '/body')[0]!.field).toBe('/body/validUntil');
    expect(checkGrant(keys, ['name'], '2030-01-01', '2026-03-02', '/body')[0]!.message).toContain('three years');
    const asked = { fields: ['name', 'address'], until: '2026-06-30' };
    expect(checkGrant(keys, ['name'], '2026-05-31', '2026-03-02', '/body', asked)).toEqual([]);
    expect(checkGrant(keys, ['paidMonths'], '2026-05-31', '2026-03-02', '/body', asked)[0]!.message).toContain('not asked for');
    expect(checkGrant(keys, ['name'], '2026-07-01', '2026-03-02', '/body', asked)[0]!.message).toContain('later than asked');
  });

  it('checks record values against the field types, allowing gaps', () => {
    expect(checkRecordData(fields, data, '/body/data')).toEqual([]);
    expect(checkRecordData(fields, { name: null }, '/body/data')).toEqual([]);
    expect(checkRecordData(fields, { paidMonths: '164', salary: 1 }, '/body/data')).toEqual([
      { field: '/body/data/paidMonths', message: 'must be a number' },
      { field: '/body/data/salary', message: 'not a field of the resource' },
    ]);
  });

  it('tells persons from companies by their valid identifiers', () => {
    expect(subjectKindOf(spouse)).toBe('person');
    expect(subjectKindOf(creditCode('91652301MA78TXFD0'))).toBe('company');
    expect(subjectKindOf('652301199003071230')).toBeNull();
  });

  it('reads credentials only in their exact shape', () => {
    const secret = 'A'.repeat(43);
    expect(parseBearer(`Bearer ds_0123456789abcdef0123.${secret}`)).toEqual({ clientId: 'ds_0123456789abcdef0123', secret });
    expect(parseBearer(`Basic ds_0123456789abcdef0123.${secret}`)).toBeNull();
    expect(parseBearer(`Bearer ds_0123456789abcdef0123.${secret}x`)).toBeNull();
    expect(parseBearer(undefined)).toBeNull();
  });
});
