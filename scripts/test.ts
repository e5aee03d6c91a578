// `npm test`: lint, type-check, the generated API client's freshness, unit + integration tests
// (PGlite always, PostgreSQL too when TEST_DATABASE_URL is set), then the browser journeys.
// Ends with one "N passed, N failed" line over all test cases.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const out = mkdtempSync(path.join(tmpdir(), 'onetrip-test-'));
const vitestJson = path.join(out, 'vitest.json');
const playwrightJson = path.join(out, 'playwright.json');

const steps: { name: string; cmd: string[]; env?: Record<string, string> }[] = [
  { name: 'lint', cmd: ['npx', 'eslint', '.', '--max-warnings=0'] },
  { name: 'type-check', cmd: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'API client up to date', cmd: ['node', '--import', 'tsx', 'scripts/gen-api.ts', '--check'] },
  { name: 'unit and integration tests', cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`] },
  {
    name: 'browser journeys',
    cmd: ['npx', 'playwright', 'test', '--config', 'test/e2e/playwright.config.ts', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  },
];

const failedSteps: string[] = [];
for (const step of steps) {
  process.stdout.write(`\n=== ${step.name}\n`);
  const result = spawnSync(step.cmd[0]!, step.cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...step.env } });
  if (result.status !== 0) failedSteps.push(step.name);
}

let passed = 0;
let failed = 0;
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
}
if (existsSync(playwrightJson)) {
  const s = JSON.parse(readFileSync(playwrightJson, 'utf8')).stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky;
}
// A step that failed outside any test case (lint, types, a crashed runner) still fails the run.
failed += failedSteps.filter((s) => s !== 'unit and integration tests' && s !== 'browser journeys').length;
process.stdout.write(`\n${failedSteps.length ? `failed steps: ${failedSteps.join(', ')}\n` : ''}`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failedSteps.length ? 1 : 0);
