import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../platform/clock.js';
import type { Secrets } from '../../platform/secrets.js';
import { findOrg } from '../orgs/index.js';
import { certificates } from './schema.js';
import { importRows, type ImportRow } from './service.js';
import { seedCertificateTypes } from './types.js';

// The demo applicants' certificates, imported through the same path as any other system's (README
// § Electronic certificates): the sharing and reuse journeys rely on them.

export interface DemoHolder {
  username: string;
  displayName: string;
  kind: 'person' | 'company';
  idNumber: string;
}

type Row = Omit<ImportRow, 'holder'> & { issuer: string; holder: string };

const rows: Row[] = [
  {
    issuer: '652301-market', holder: 'tianshan.food', type: 'businessLicence', number: 'YZ652301-2021-004518', issuedOn: '2021-04-12',
    fields: {
      entityName: '昌吉市天山食品有限公司', entityType: '有限责任公司（自然人投资或控股）', legalRepresentative: '马建军', registeredCapital: '伍佰万元整', establishedOn: '2021-04-12',
      address: '新疆昌吉州昌吉市宁边西路88号', businessScope: '食品销售；餐饮服务；食品互联网销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）',
    },
  },
  {
    issuer: '652301-public-security', holder: 'zhangwei', type: 'residentIdCard', number: 'SFZ652301-2016-031007', issuedOn: '2016-03-10', validUntil: '2036-03-10',
    fields: { gender: '男', ethnicity: '汉', birthDate: '1990-03-07', address: '新疆昌吉市延安北路126号3栋2单元501室' },
  },
  {
    issuer: '652301-public-security', holder: 'zhangwei', type: 'householdRegister', number: 'HKB652301-2015-220461', issuedOn: '2015-09-21',
    fields: { householdType: '非农业家庭户口', householder: '张伟', relation: '户主', address: '新疆昌吉市延安北路126号3栋2单元501室' },
  },
  {
    issuer: '652301-natural-resources', holder: 'zhangwei', type: 'realEstateCertificate', number: 'XJ2022-CJS-0031862', issuedOn: '2022-07-18', title: '不动产权证书',
    fields: { coOwnership: '单独所有', location: '昌吉市延安北路126号3栋2单元501室', unitNumber: '652301005003GB00126F00030025', rightType: '国有建设用地使用权/房屋所有权', usage: '城镇住宅用地/住宅', area: 98.6, landTermUntil: '2083-05-31' },
  },
  {
    issuer: '652301-public-security', holder: 'zhangwei', type: 'driversLicence', number: 'JSZ652301-2020-118342', issuedOn: '2020-11-03', validUntil: '2030-11-03',
    fields: { vehicleClass: 'C1', firstIssuedOn: '2014-08-15' },
  },
  {
    issuer: '652302-public-security', holder: 'aynur', type: 'residentIdCard', number: 'SFZ652302-2015-081201', issuedOn: '2015-08-20', validUntil: '2025-08-20',
    fields: { gender: '女', ethnicity: '维吾尔', birthDate: '1995-08-12', address: '新疆阜康市博峰街道天池路45号' },
  },
  {
    issuer: '652302-public-security', holder: 'aynur', type: 'residentIdCard', number: 'SFZ652302-2025-080917', issuedOn: '2025-08-09', validUntil: '2045-08-09',
    fields: { gender: '女', ethnicity: '维吾尔', birthDate: '1995-08-12', address: '新疆阜康市博峰街道天池路45号' },
  },
  {
    issuer: '652302-public-security', holder: 'aynur', type: 'householdRegister', number: 'HKB652302-2013-104477', issuedOn: '2013-10-08',
    fields: { householdType: '家庭户', householder: '艾力·买买提', relation: '女', address: '新疆阜康市博峰街道天池路45号' },
  },
  {
    issuer: '652302-hrss', holder: 'aynur', type: 'socialSecurityCard', number: 'SBK652302-2019-556210', issuedOn: '2019-05-16',
    fields: { cardNumber: 'J65302519', bank: '中国农业银行' },
  },
];

/**
 * Puts the certificate types in place and, when none of the demo numbers exist yet, imports the demo
 * applicants' certificates (one batch per issuing organisation, each row signed with its seal).
 */
export async function seedDemoCertificates(db: Db, secrets: Secrets, clock: Clock, holders: DemoHolder[]): Promise<number> {
  await db.transaction((tx) => seedCertificateTypes(tx));
  if ((await db.select({ id: certificates.id }).from(certificates).where(inArray(certificates.number, rows.map((r) => r.number))).limit(1)).length) return 0;
  const byUser = new Map(holders.map((h) => [h.username, h]));
  let imported = 0;
  for (const issuerCode of [...new Set(rows.map((r) => r.issuer))]) {
    const issuer = await findOrg(db, issuerCode);
    if (!issuer) throw new Error(`demo certificates: no organisation ${issuerCode}`);
    const batch = rows.filter((r) => r.issuer === issuerCode).map(({ issuer: _, holder, ...r }): ImportRow => {
      const h = byUser.get(holder);
      if (!h) throw new Error(`demo certificates: no demo applicant ${holder}`);
      return { ...r, holder: { kind: h.kind, name: h.displayName, idNumber: h.idNumber } };
    });
    imported += (await db.transaction((tx) => importRows(tx, { actor: null, clock, secrets }, issuer, batch, false))).imported;
  }
  return imported;
}
