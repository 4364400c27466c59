import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { looserThanPrivate } from '@app/event-store';

/** Group and others get nothing: new files are 0600, new directories 0700. */
export const PRIVATE_UMASK = 0o077;

/**
 * The first statement of every process that writes a data directory (the event store, chDB, keys and
 * secrets): whatever it creates from here on, it or a library for it, its own user alone may read.
 */
export const ownerOnlyFiles = (): void => {
  process.umask(PRIVATE_UMASK);
};

/** Whether absolute path `child` lies under `parent`. */
const inside = (child: string, parent: string): boolean => {
  const path = relative(parent, child);
  return !path.startsWith('..') && !isAbsolute(path);
};

/**
 * Makes this process's new files owner-only (as `ownerOnlyFiles`) and checks the data directories it
 * will use: one warning per directory that holds anything group or others may access, naming the paths
 * and their modes (never their contents) and how to close them. It neither fails nor changes the modes
 * it finds: that stays the operator's decision (only the event store closes its own files as it opens
 * them, see `openLockedPglite`). Directories that do not exist yet are private when they are made.
 */
export const secureDataDir = (
  dirs: readonly (string | undefined)[],
  warn: (message: string) => void = (message) => new Logger('DataDir').warn(message),
): void => {
  ownerOnlyFiles();
  const present = [
    ...new Set(
      dirs.filter((dir): dir is string => dir !== undefined && existsSync(dir)).map((dir) => resolve(dir)),
    ),
  ];
  const outermost = present.filter((dir) => !present.some((other) => other !== dir && inside(dir, other)));
  for (const dir of outermost) {
    const { listed, count } = looserThanPrivate(dir);
    if (count === 0) continue;
    const shown = listed.map(({ path, mode }) => `${path} (${mode})`).join(', ');
    warn(
      `${dir} holds ${count} entr${count === 1 ? 'y' : 'ies'} open to group or others: ${shown}` +
        `${count > listed.length ? ', …' : ''}. Data directories should be 0700 and their files 0600: ` +
        `chmod -R go= ${dir}`,
    );
  }
};
