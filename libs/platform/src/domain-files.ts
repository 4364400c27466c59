import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  type BusinessLineTaxonomy,
  type ComplaintPolicy,
  DEFAULT_POLICY,
  PRESET_LINES,
} from '@app/complaints';

/**
 * The deployment's own taxonomy and policy, as files every service reads the same way: the command
 * service decides by them, the query service labels its reports with them.
 */
export const domainFilesConfigShape = {
  /** A JSON file overriding parts of the complaint policy (approval threshold, SLA rules, escalation ladder…). */
  POLICY_FILE: z.string().optional(),
  /** A JSON file with the business lines' taxonomy (codes and zh-CN / en labels); the five presets otherwise. */
  TAXONOMY_FILE: z.string().optional(),
};

export type DomainFilesConfig = { POLICY_FILE?: string; TAXONOMY_FILE?: string };

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

export const taxonomyLinesOf = (config: DomainFilesConfig): readonly BusinessLineTaxonomy[] =>
  config.TAXONOMY_FILE ? (readJson(config.TAXONOMY_FILE) as BusinessLineTaxonomy[]) : PRESET_LINES;

export const policyOf = (config: DomainFilesConfig): ComplaintPolicy =>
  config.POLICY_FILE
    ? { ...DEFAULT_POLICY, ...(readJson(config.POLICY_FILE) as Partial<ComplaintPolicy>) }
    : DEFAULT_POLICY;
