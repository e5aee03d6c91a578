// The server under test: the real CLI (`node bin/onetrip.js start --no-build`) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningServer {
  url: string;
  pid: number;
  /** Milliseconds from spawning the process to the first 200 of /api/health. */
  coldStartMs: number;
  /** Resident set size now, in bytes (Linux /proc). */
  rss(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/**
 * Starts the server on an existing, seeded database: `dataDir` for PGlite, or `databaseUrl`. Its
 * output (pino's request log at the default level) goes to `logFile`.
 */
export async function startServer(options: { dataDir: string; databaseUrl?: string | undefined; logFile: string; timeoutMs?: number; nodeArgs?: string[] }): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = openSync(options.logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ONETRIP_DATA_DIR: options.dataDir,
    ONETRIP_MASTER_KEY: Buffer.alloc(32, 42).toString('base64'),
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'bin/onetrip.js', 'start', '--no-build'], { cwd: repoRoot, env, stdio: ['ignore', out, out] });
  closeSync(out);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited(child);
      clearTimeout(timer);
    }
  };
  const deadline = started + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}; see ${options.logFile}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /api/health within ${options.timeoutMs ?? 120_000} ms; see ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const coldStartMs = performance.now() - started;
  return { url, pid: child.pid!, coldStartMs, rss: () => rssOf(child.pid!), stop };
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak. */
export function rssSampler(read: () => number, everyMs = 100): { stop(): number } {
  let peak = read();
  const timer = setInterval(() => {
    peak = Math.max(peak, read());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, read());
    },
  };
}
