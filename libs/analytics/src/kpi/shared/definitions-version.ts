import { createHash } from 'node:crypto';
import { KPI_DEFINITIONS } from './kpi-definitions';

/**
 * Names the KPI definitions a pack was computed with: a digest of their ids, labels and formulas, so an
 * archived pack says which definitions its figures follow, and a change of any formula changes it.
 */
export const KPI_DEFINITIONS_VERSION = `sha256:${createHash('sha256')
  .update(JSON.stringify(Object.values(KPI_DEFINITIONS)))
  .digest('hex')
  .slice(0, 16)}`;
