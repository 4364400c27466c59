import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Injectable } from '@nestjs/common';

export type Asset = { body: Buffer; contentType: string; cacheControl: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** The browser files: beside this module in the sources and, copied by the build, in `dist/`. */
export const PUBLIC_DIR = join(__dirname, 'public');

/** Apache ECharts' browser bundle, served from the installed package (its version pinned in package.json). */
export const ECHARTS_FILE = 'echarts.min.js';

/** Page routes (`/dashboard/<page>`) and the file each serves; the file's script reads the query string. */
export const PAGES = {
  'weekly-pack': 'weekly-pack.html',
  'drill-down': 'drill-down.html',
  trends: 'trends.html',
  executive: 'executive.html',
  fairness: 'fairness.html',
  alerts: 'alerts.html',
  complaint: 'complaint-timeline.html',
  worklists: 'worklists.html',
} as const;
export type Page = keyof typeof PAGES;

/**
 * Every file the dashboard serves, read once at start: a request can only name a file of this catalogue,
 * so no path from a URL ever reaches the file system.
 */
@Injectable()
export class DashboardAssets {
  private readonly assets: ReadonlyMap<string, Asset>;

  constructor() {
    const files = readdirSync(PUBLIC_DIR).filter((name) => CONTENT_TYPES[extname(name)] !== undefined);
    const entries: [string, Asset][] = files.map((name) => [
      name,
      {
        body: readFileSync(join(PUBLIC_DIR, name)),
        contentType: CONTENT_TYPES[extname(name)],
        // Revalidated by ETag: a new build is picked up at once.
        cacheControl: 'no-cache',
      },
    ]);
    entries.push([
      ECHARTS_FILE,
      {
        body: readFileSync(require.resolve('echarts/dist/echarts.min.js')),
        contentType: CONTENT_TYPES['.js'],
        cacheControl: 'public, max-age=86400',
      },
    ]);
    this.assets = new Map(entries);
  }

  get(name: string): Asset | undefined {
    return this.assets.get(name);
  }

  page(page: Page): Asset {
    const asset = this.assets.get(PAGES[page]);
    if (!asset) throw new Error(`Dashboard page ${PAGES[page]} is missing from ${PUBLIC_DIR}`);
    return asset;
  }
}
