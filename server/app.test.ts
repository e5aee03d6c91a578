import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './test/build-test-app.js';
import { buildOrg, buildUser } from './test/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('cross-cutting behaviour', () => {
  it('reports health with the database kind, version and durability', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    // Tests run PGlite in memory; CI's PostgreSQL runs with fsync off.
    const postgres = process.env.TEST_DB === 'postgres';
    expect(res.json()).toEqual({ status: 'ok', database: postgres ? 'postgres' : 'pglite', version: expect.stringMatching(/^\d+\.\d+\.\d+/), durability: postgres ? expect.stringMatching(/^(fsync|os-cache|async-commit)$/) : 'memory' });
  });

  it('answers an unknown API route with problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'route_not_found', status: 404, message: { 'zh-CN': expect.any(String), 'en-US': expect.any(String) }, instance: '/api/v1/nothing-here' });
  });

  it('turns schema violations into validation_failed with field details', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors[0].field).toBe('/body/password');
  });

  it('rejects malformed JSON and unsupported content types without a 5xx', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('malformed_body');
    const xml = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('unsupported_media_type');
  });

  it('documents every API route in the OpenAPI document, with a summary', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const toOpenApi = (url: string) => url.replace(/:(\w+)/g, '{$1}');
    const apiRoutes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json');
    expect(apiRoutes.length).toBeGreaterThanOrEqual(25);
    for (const route of apiRoutes) {
      const op = doc.paths[toOpenApi(route.url)]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.url}`).toBeDefined();
      expect(op.summary, `${route.method} ${route.url} has a summary`).toBeTruthy();
    }
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('exposes Prometheus metrics', async () => {
    await t.app.inject({ method: 'GET', url: '/api/health' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('onetrip_http_request_duration_seconds_bucket');
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('keeps metrics from other machines unless they show the token', async () => {
    const remote = { method: 'GET' as const, url: '/metrics', remoteAddress: '10.20.30.40' };
    expect((await t.app.inject(remote)).statusCode).toBe(404);
    const withToken = await buildTestApp({ config: { metricsToken: 'scrape-me-0123456789' } });
    try {
      expect((await withToken.app.inject(remote)).statusCode).toBe(404);
      expect((await withToken.app.inject({ ...remote, headers: { authorization: 'Bearer wrong-token-0123456' } })).statusCode).toBe(404);
      expect((await withToken.app.inject({ ...remote, headers: { authorization: 'Bearer scrape-me-0123456789' } })).statusCode).toBe(200);
    } finally {
      await withToken.close();
    }
  });

  it('refuses a state-changing request from another origin when a session cookie is present', async () => {
    const user = await buildUser(t.db, { role: 'applicant' });
    const res = await t.injectAs(user, { method: 'POST', url: '/api/v1/auth/logout', headers: { origin: 'https://evil.example', host: 'localhost' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_rejected');
    const same = await t.injectAs(user, { method: 'POST', url: '/api/v1/auth/logout', headers: { origin: 'http://localhost', host: 'localhost' } });
    expect(same.statusCode).toBe(204);
  });

  it('moves the clock only in training mode, and only for administrators', async () => {
    const admin = await buildUser(t.db, { role: 'admin', org: await buildOrg(t.db) });
    const refused = await t.injectAs(admin, { method: 'PUT', url: '/api/v1/system/clock', payload: { advanceDays: 3 } });
    expect(refused.json().code).toBe('clock.not_training');
    const training = await buildTestApp({ config: { trainingMode: true }, clock: null });
    try {
      const trainer = await buildUser(training.db, { role: 'admin', org: await buildOrg(training.db) });
      const clerk = await buildUser(training.db, { role: 'windowClerk', org: await buildOrg(training.db) });
      expect((await training.injectAs(clerk, { method: 'PUT', url: '/api/v1/system/clock', payload: { advanceDays: 3 } })).statusCode).toBe(403);
      const moved = await training.injectAs(trainer, { method: 'PUT', url: '/api/v1/system/clock', payload: { now: '2025-01-24T02:00:00Z' } });
      expect(moved.statusCode).toBe(200);
      const now = new Date((await training.app.inject({ method: 'GET', url: '/api/v1/system/clock' })).json().now).getTime();
      expect(Math.abs(now - Date.parse('2025-01-24T02:00:00Z'))).toBeLessThan(60_000);
    } finally {
      await training.close();
    }
  });
});
