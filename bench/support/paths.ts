import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder above `from` holding a package.json: the repository, from the sources or `dist/`. */
export const findRepoRoot = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
};

export const REPO_ROOT = findRepoRoot(__dirname);
