import { addDays, shanghaiDate } from '../../../common/working-days.js';
import type { World } from '../../test/world.js';

// Targets of the data sharing platform for the cross-cutting tests (the authorisation matrix, fuzzing):
// resources owned by county A's market department and by the prefecture's services department,
// applications in any state, and credentials — made through the real API by the prefecture's
// administrator. Each `fresh` call makes a new target, so one allowed request does not spoil the next.

const fields = [
  { key: 'name', name: '姓名', nameEn: 'Name', type: 'name', sensitive: false },
  { key: 'address', name: '住址', nameEn: 'Address', type: 'address', sensitive: true },
];

export function sharingFixture(w: World) {
  let n = 0;
  const admin = 'admin@parent' as const;
  /** A last day of access a month after the app's clock (the matrix runs on the real one). */
  const until = () => addDays(shanghaiDate(w.t.app.platform.clock.now()), 30);
  const json = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => ({ method, url, ...(payload ? { payload } : {}) });

  /** A new conditional resource owned by `ownerOrg`; its code. */
  const publish = async (ownerOrg: string): Promise<string> => {
    const code = `matrix-${process.pid}-${++n}`;
    await w.must(admin, json('POST', '/api/v1/sharing/resources', {
      code, name: '测试数据资源', nameEn: 'Test resource', ownerOrg, subjectKinds: ['person'], fields, updateFrequency: 'daily', sharingType: 'conditional', description: '测试用。', descriptionEn: 'For tests.',
    }), 201);
    return code;
  };

  let ofA: Promise<string> | undefined;
  /** County A market's resource, with a record of the applicant `owner`. */
  const resourceOfA = () =>
    (ofA ??= (async () => {
      const code = await publish(w.units.A.market.id);
      await w.must(admin, json('PUT', `/api/v1/sharing/resources/${code}/records/${w.users.owner.residentId}`, { data: { name: '张伟', address: '昌吉市北京南路56号' } }));
      return code;
    })());
  let ofP: Promise<string> | undefined;
  /** A resource of the prefecture's services department (any county department may apply for it). */
  const resourceOfP = (fresh: boolean) => (fresh ? publish(w.units.P.services.id) : (ofP ??= publish(w.units.P.services.id)));

  /** The current version of a resource. */
  const versionOf = async (code: string): Promise<number> => (await w.must(admin, json('GET', `/api/v1/sharing/resources/${code}`))).version;

  type Ref = { id: string; version: number };
  /** An application by county B's market department for a resource of county A's market department: pending or approved. */
  const application = async (state: 'pending' | 'approved'): Promise<Ref> => {
    const code = await publish(w.units.A.market.id);
    const applied = await w.must(admin, json('POST', '/api/v1/sharing/applications', { resourceCode: code, purpose: '测试', fields: ['name'], validUntil: until(), consumerOrg: w.units.B.market.id }), 201);
    if (state === 'pending') return { id: applied.id, version: applied.version };
    const approved = await w.must(admin, json('POST', `/api/v1/sharing/applications/${applied.id}/approve`, { version: applied.version, fields: ['name'] }));
    return { id: approved.id, version: approved.version };
  };
  const shared = new Map<string, Promise<Ref>>();
  const applicationFor = (state: 'pending' | 'approved', fresh: boolean) => {
    if (fresh) return application(state);
    if (!shared.has(state)) shared.set(state, application(state));
    return shared.get(state)!;
  };
  /** The application county A's market department made for the prefecture's resource (its own side as consumer). */
  let outgoing: Promise<Ref> | undefined;
  const applicationOfA = () =>
    (outgoing ??= (async () => {
      const applied = await w.must(admin, json('POST', '/api/v1/sharing/applications', { resourceCode: await resourceOfP(true), purpose: '测试', fields: ['name'], validUntil: until(), consumerOrg: w.units.A.market.id }), 201);
      return { id: applied.id, version: applied.version };
    })());

  let sharedCredential: Promise<Ref> | undefined;
  const credential = async (): Promise<Ref> => {
    const made = await w.must(admin, json('POST', '/api/v1/sharing/credentials', { name: '测试凭证', org: w.units.A.market.id }), 201);
    return { id: made.credential.id, version: made.credential.version };
  };
  /** Credentials of county A's market department. */
  const credentialOfA = (fresh: boolean) => (fresh ? credential() : (sharedCredential ??= credential()));

  return { until, publish, resourceOfA, resourceOfP, versionOf, applicationFor, applicationOfA, credentialOfA, nextCode: () => `matrix-${process.pid}-${++n}`, fields };
}
