import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from './lock.js';

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'onetrip-lock-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the embedded database directory lock', () => {
  it('is held by one opener at a time and released on close', () => {
    const d = dir();
    const release = lockDataDir(d);
    expect(readFileSync(path.join(d, LOCK_FILE), 'utf8').split('\n')[0]).toBe(String(process.pid));
    expect(() => lockDataDir(d)).toThrow(/already open in this process/);
    release();
    expect(existsSync(path.join(d, LOCK_FILE))).toBe(false);
    lockDataDir(d)();
  });

  it('refuses a directory a live OneTrip process holds', async () => {
    const d = dir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(d, LOCK_FILE), `${other.pid}\n`);
      expect(() => lockDataDir(d)).toThrow(new RegExp(`in use by process ${other.pid}`));
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that died (kill -9, power cut), or of an unrelated reused pid', async () => {
    const d = dir();
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(path.join(d, LOCK_FILE), `${dead.pid}\n`);
    lockDataDir(d)();
    writeFileSync(path.join(d, LOCK_FILE), '');
    lockDataDir(d)();
    if (existsSync('/proc/1/cmdline') && !/node|onetrip|tsx|vitest/i.test(readFileSync('/proc/1/cmdline', 'utf8'))) {
      writeFileSync(path.join(d, LOCK_FILE), '1\n');
      lockDataDir(d)();
    }
  });
});
