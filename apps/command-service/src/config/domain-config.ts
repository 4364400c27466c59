import { readFileSync } from 'node:fs';
import {
  type BusinessLineTaxonomy,
  type ComplaintPolicy,
  DEFAULT_POLICY,
  type DecisionContext,
  PRESET_LINES,
  Taxonomy,
} from '@app/complaints';
import { type CommandServiceConfig } from './command-service.config';

export const DECISION_CONTEXT = Symbol('DECISION_CONTEXT');

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** Taxonomy and policy: the presets and defaults, or the deployment's own files. */
export const loadDecisionContext = (config: CommandServiceConfig): DecisionContext => {
  const lines = config.TAXONOMY_FILE
    ? (readJson(config.TAXONOMY_FILE) as BusinessLineTaxonomy[])
    : PRESET_LINES;
  const policy: ComplaintPolicy = config.POLICY_FILE
    ? { ...DEFAULT_POLICY, ...(readJson(config.POLICY_FILE) as Partial<ComplaintPolicy>) }
    : DEFAULT_POLICY;
  return { taxonomy: new Taxonomy(lines), policy };
};
