import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

const LOCK_FILE = 'zhanggui.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the data directory for this process. PGlite has no lock of its own, and two processes
 * writing one directory corrupt it silently, so a second opener gets `data_dir_locked` instead.
 * A lock left by a process that has died is taken over. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        // A process that opens and closes many stores (the CLI's tests) must not pile up exit listeners.
        process.off('exit', release);
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch { /* already gone */ }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder) && holder !== process.pid) {
        throw new AppError('data_dir_locked', `The data directory ${dir} is in use by process ${holder}. Stop it first, or use another --data-dir.`, { dataDir: dir, pid: holder });
      }
      if (holder === process.pid) {
        throw new AppError('data_dir_locked', `The data directory ${dir} is already open in this process.`, { dataDir: dir });
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new AppError('data_dir_locked', `Could not lock the data directory ${dir}.`, { dataDir: dir });
}
