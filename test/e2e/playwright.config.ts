import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;

// A fresh database per run: the runner empties the directory before starting the server. Workers load
// this file again but inherit the variable, so they never touch the directory of the running server.
if (!process.env.ONETRIP_E2E_DATA_DIR) {
  const dir = path.join(tmpdir(), `onetrip-e2e-${port}`);
  rmSync(dir, { recursive: true, force: true });
  process.env.ONETRIP_E2E_DATA_DIR = dir;
}
const dataDir = process.env.ONETRIP_E2E_DATA_DIR;

export default defineConfig({
  testDir: '.',
  outputDir: path.join(root, 'test-results/e2e'),
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 800 },
    reducedMotion: 'reduce',
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium (apt), never a downloaded browser.
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 800 } } }],
  webServer: {
    // The real server: migrates and seeds the fresh database, builds the web app when its sources changed, serves both.
    command: 'node bin/onetrip.js start',
    cwd: root,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // Training mode: the supervision journey moves the clock to make a case late (and moves it back).
    env: { PORT: String(port), HOST: '127.0.0.1', ONETRIP_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ONETRIP_TRAINING: '1' },
  },
});
