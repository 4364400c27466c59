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

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** The CPU seconds (user + system) another process has used so far, or undefined without /proc or once it is gone. */
export const cpuSecondsOf = async (pid: number): Promise<number | undefined> => {
  if (!HAS_PROC) return undefined;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return undefined;
  }
};
