import { type ComplaintPolicy } from '../../policy/complaint-policy';
import { type Taxonomy } from '../../taxonomy/taxonomy';

/** Configuration the decider needs beside the command and the state. */
export type DecisionContext = Readonly<{ taxonomy: Taxonomy; policy: ComplaintPolicy }>;
