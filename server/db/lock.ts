import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file that says which process has the embedded database open (PGlite itself does not lock its directory). */
export const LOCK_FILE = 'onetrip.pid';

const heldHere = new Set<string>();

/** Whether `pid` is a live process that could be a OneTrip server (and so could still be writing the files). */
function couldHold(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive, but someone else's.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // On Linux, a pid reused by an unrelated program (after a reboot, in a new container) is no holder.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|onetrip|tsx|vitest/i.test(cmdline);
  } catch {
    return true;
  }
}

/**
 * Claims the embedded database directory for this process, so that a second process (another
 * `onetrip start`, or a CLI command while the server runs) cannot open the same files and corrupt
 * them. A lock left behind by a process that died (a crash, `kill -9`, a power cut) is taken over.
 * @returns a function that releases the lock.
 * @throws Error when a live process holds the directory, or this process has it open already.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = path.resolve(dataDir);
  if (heldHere.has(dir)) throw new Error(`the embedded database in ${dir} is already open in this process`);
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n${new Date().toISOString()}\n`, { flag: 'wx', mode: 0o600 });
      heldHere.add(dir);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(dir);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let pid = NaN;
    try {
      pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    } catch {
      // Removed in between: try again.
    }
    if (couldHold(pid)) {
      throw new Error(`the embedded database in ${dir} is in use by process ${pid} (is \`onetrip start\` running?). Stop that process first; if it is not OneTrip, delete ${file}.`);
    }
    // Stale: its process is gone.
    rmSync(file, { force: true });
  }
  throw new Error(`could not lock ${dir}: ${file} keeps coming back`);
}
