import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type LooseEntry = { path: string; mode: string };

/** At most this many entries are looked at, so a start never waits on a huge directory. */
const MAX_ENTRIES = 100_000;

const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

/** Every entry of `dir`, itself included and symbolic links left out, with its mode; modes only, never content. */
function* entriesOf(dir: string): Generator<{ path: string; mode: number; directory: boolean }> {
  const pending = [dir];
  let seen = 0;
  while (pending.length > 0 && seen < MAX_ENTRIES) {
    const path = pending.pop()!;
    seen++;
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // Removed while we looked: nothing to say about it.
    }
    if (stat.isSymbolicLink()) continue;
    yield { path, mode: stat.mode, directory: stat.isDirectory() };
    if (stat.isDirectory())
      try {
        for (const name of readdirSync(path)) pending.push(join(path, name));
      } catch {
        // Unreadable to us: its own mode was given; what it holds is not ours to judge.
      }
  }
}

/**
 * Entries of `dir` that someone other than their owner may read, write or enter: `count` in all, the
 * first `limit` of them `listed` with their modes.
 */
export const looserThanPrivate = (dir: string, limit = 5): { listed: LooseEntry[]; count: number } => {
  const listed: LooseEntry[] = [];
  let count = 0;
  for (const { path, mode } of entriesOf(dir))
    if ((mode & 0o077) !== 0) {
      count++;
      if (listed.length < limit) listed.push({ path, mode: octal(mode) });
    }
  return { listed, count };
};

/** Takes every right of group and others away under `dir` (a directory this process owns); the number changed. */
export const closeToOthers = (dir: string): number => {
  let changed = 0;
  for (const { path, mode } of entriesOf(dir))
    if ((mode & 0o077) !== 0) {
      chmodSync(path, mode & 0o700);
      changed++;
    }
  return changed;
};
