import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const HAS_PROC = existsSync('/proc/self/status');

/**
 * The resident set size of another process in MB, or undefined once it is gone. Linux's /proc is read
 * directly (cheap enough for a sample every 100 ms); elsewhere `ps` is asked.
 */
export const rssMbOf = async (pid: number): Promise<number | undefined> => {
  try {
    if (HAS_PROC) {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) / 1024;
    }
    const { stdout } = await promisify(execFile)('ps', ['-o', 'rss=', '-p', String(pid)]);
    const kb = Number(stdout.trim());
    return stdout.trim() === '' || Number.isNaN(kb) ? undefined : kb / 1024;
  } catch {
    return undefined;
  }
};
