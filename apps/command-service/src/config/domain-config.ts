import { type DecisionContext, Taxonomy } from '@app/complaints';
import { policyOf, taxonomyLinesOf } from '@app/platform';
import { type CommandServiceConfig } from './command-service.config';

export const DECISION_CONTEXT = Symbol('DECISION_CONTEXT');

/** Taxonomy and policy: the presets and defaults, or the deployment's own files. */
export const loadDecisionContext = (config: CommandServiceConfig): DecisionContext => ({
  taxonomy: new Taxonomy(taxonomyLinesOf(config)),
  policy: policyOf(config),
});
