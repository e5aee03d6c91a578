import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApplicants } from '../../seed/demo-accounts.js';
import { seed } from '../../seed/seed.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { certificates } from './schema.js';
import { findUsableCertificates } from './service.js';
import { seedDemoCertificates } from './seed.js';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
  await seed(t.db, { demo: true, secrets: t.app.platform.secrets, clock: t.clock });
}, 120_000);
afterAll(() => t.close());

const idOf = (username: string) => demoApplicants.find((a) => a.username === username)!.idNumber;

describe('the demo applicants\' certificates (through the import path)', () => {
  it('gives each demo applicant the certificates the journeys rely on, usable now', async () => {
    const now = t.clock.now();
    const usable = async (user: string, type: string) => (await findUsableCertificates(t.db, idOf(user), type, now)).length;
    expect(await usable('tianshan.food', 'businessLicence')).toBe(1);
    for (const type of ['residentIdCard', 'householdRegister', 'realEstateCertificate']) expect(await usable('zhangwei', type), type).toBe(1);
    for (const type of ['residentIdCard', 'householdRegister']) expect(await usable('aynur', type), type).toBe(1);
  });

  it('signs them so that anyone can verify them, and seeds them only once', async () => {
    const [cert] = await findUsableCertificates(t.db, idOf('tianshan.food'), 'businessLicence', t.clock.now());
    const v = await t.injectAs(null, { method: 'GET', url: `/api/v1/certificates/${cert!.id}/verification` });
    expect(v.json()).toMatchObject({ valid: true, certificate: { holderName: '昌吉市天山食品有限公司', issuer: '昌吉市市场监督管理局' } });
    const before = (await t.db.select({ n: count() }).from(certificates))[0]!.n;
    expect(await seedDemoCertificates(t.db, t.app.platform.secrets, t.clock, demoApplicants)).toBe(0);
    expect((await t.db.select({ n: count() }).from(certificates))[0]!.n).toBe(before);
  });
});
