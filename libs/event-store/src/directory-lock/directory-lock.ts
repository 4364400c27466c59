import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * One process at a time on an embedded data directory (the PGlite event store, the chDB directory):
 * two processes writing one PGlite directory corrupt it, and chDB binds one directory per process. The
 * lock is a file beside the directory (`<dir>.lock`, e.g. `.data/event-store.lock`) naming its holder.
 *
 * - Taking it is atomic: the holder's record is written to a file of its own, then hard-linked to the
 *   lock's name, which fails when the name exists; a reader never sees a half-written record.
 * - A live holder is named in the error (pid, host, command, since when).
 * - A holder that is gone (its pid no longer runs, or runs a process started later than the lock: a
 *   reused pid) left a stale lock, which is taken over and reported through `onTakeover`. Take-overs are
 *   serialised by a second file (`<dir>.lock.takeover`), so two processes finding the same stale lock
 *   cannot both take it.
 * - The lock is let go by `release()`, and when the process exits; a process killed outright leaves it
 *   stale, for the next one to take over.
 */
export type LockHolder = {
  pid: number;
  host: string;
  /** The holder's command line, shortened: what to stop. */
  command: string;
  /** When the lock was taken, ISO-8601. */
  since: string;
  /** The process's start time in clock ticks since boot (Linux), to tell a reused pid from the holder. */
  processStart?: number;
};

export class DirectoryLockedError extends Error {
  readonly code = 'STORE.DIRECTORY_LOCKED';
  constructor(
    readonly directory: string,
    readonly holder: LockHolder,
    readonly lockFile: string,
  ) {
    super(
      `${directory} is in use by process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`} ` +
        `(${holder.command}, since ${holder.since}); one process at a time may open it. Stop that process ` +
        `first (its lock: ${lockFile}).`,
    );
    this.name = 'DirectoryLockedError';
  }
}

export interface DirectoryLock {
  readonly directory: string;
  readonly lockFile: string;
  /** Idempotent; removes the lock file only while it is still this lock's. */
  release(): void;
}

export type LockOptions = {
  /**
   * Told when a stale lock of a holder that is gone (undefined: an unreadable lock file) was taken
   * over; by default it is said on stderr.
   */
  onTakeover?: (stale: LockHolder | undefined, lockFile: string) => void;
};

const ATTEMPTS = 20;

/** The process's start time (field 22 of /proc/<pid>/stat), or undefined where /proc does not say. */
export const processStartOf = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isFinite(start) ? start : undefined;
  } catch {
    return undefined;
  }
};

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Whether the recorded holder still runs. Another host's holder cannot be checked, so it counts as live. */
export const holderIsAlive = (holder: LockHolder): boolean => {
  if (holder.host !== hostname()) return true;
  if (!isRunning(holder.pid)) return false;
  if (holder.processStart === undefined) return true;
  const start = processStartOf(holder.pid);
  return start === undefined || start === holder.processStart;
};

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    throw error;
  }
};

const parseHolder = (text: string): LockHolder | undefined => {
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) && holder.pid > 0 && typeof holder.host === 'string'
      ? holder
      : undefined;
  } catch {
    return undefined;
  }
};

/** Removes `file` if it still holds `text`; whether it did. */
const removeIfUnchanged = (file: string, text: string): boolean => {
  if (readText(file) !== text) return false;
  try {
    unlinkSync(file);
    return true;
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
    return false;
  }
};

/** Creates `file` holding `text`, atomically and only if it does not exist; false when it exists. */
const createExclusive = (file: string, text: string): boolean => {
  const draft = join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}`,
  );
  writeFileSync(draft, text, { mode: 0o600 });
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if (errno(error) === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
};

const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

const shortened = (part: string): string => (part.length > 80 ? `…${part.slice(-79)}` : part);

/** The script and its first argument, or the runtime and the start of an inline script. */
const ownCommand = (): string => {
  const script = process.argv.slice(1, 3).map(shortened).join(' ').trim();
  if (script) return script;
  const inline = process.execArgv.join(' ').replace(/\s+/g, ' ');
  return `${basename(process.execPath)} ${inline.length > 60 ? `${inline.slice(0, 59)}…` : inline}`.trim();
};

const ownRecord = (): string =>
  JSON.stringify({
    pid: process.pid,
    host: hostname(),
    command: ownCommand(),
    since: new Date().toISOString(),
    processStart: processStartOf(process.pid),
  } satisfies LockHolder);

/**
 * Removes a stale lock (still holding `staleText`) under the take-over guard. False when another
 * process is taking it over right now, or took it over already.
 */
const takeOver = (lockFile: string, staleText: string): boolean => {
  const guard = `${lockFile}.takeover`;
  const mine = ownRecord();
  if (!createExclusive(guard, mine)) {
    const text = readText(guard);
    const other = text === undefined ? undefined : parseHolder(text);
    // A take-over cut short by its process's death leaves its guard behind.
    if (text !== undefined && (other === undefined || !holderIsAlive(other))) removeIfUnchanged(guard, text);
    return false;
  }
  try {
    return removeIfUnchanged(lockFile, staleText);
  } finally {
    removeIfUnchanged(guard, mine);
  }
};

/** Takes the lock of `directory`, or throws `DirectoryLockedError` naming the live holder. */
export const lockDirectory = (directory: string, options: LockOptions = {}): DirectoryLock => {
  const path = resolve(directory);
  const lockFile = `${path}.lock`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const record = ownRecord();
    if (createExclusive(lockFile, record)) return heldLock(path, lockFile, record);
    const text = readText(lockFile);
    if (text === undefined) continue;
    const holder = parseHolder(text);
    if (holder && holder.host === hostname() && holder.pid === process.pid)
      throw new DirectoryLockedError(path, { ...holder, command: 'this very process' }, lockFile);
    if (holder && holderIsAlive(holder)) throw new DirectoryLockedError(path, holder, lockFile);
    if (takeOver(lockFile, text))
      (options.onTakeover ?? ((stale, file) => console.warn(describeTakeover(stale, file))))(
        holder,
        lockFile,
      );
    else pause(5 + attempt * 5);
  }
  throw new Error(`Could not take the lock ${lockFile}: it keeps changing hands`);
};

const heldLock = (directory: string, lockFile: string, record: string): DirectoryLock => {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    removeIfUnchanged(lockFile, record);
  };
  process.on('exit', release);
  return { directory, lockFile, release };
};

/** What a process says when it takes over a stale lock. */
export const describeTakeover = (stale: LockHolder | undefined, lockFile: string): string =>
  stale === undefined
    ? `took over the lock ${lockFile}, whose file named no holder`
    : `took over the stale lock ${lockFile} of process ${stale.pid} (${stale.command}, since ${stale.since}), which is no longer running`;
