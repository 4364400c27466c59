import { mapPaths, valuesAt } from '../encryption/json-paths';
import { isErased } from '../encryption/personal-data-event-store';
import { personalDataPathsOrNone } from '../encryption/personal-data.table';

/** What a personal field reads as for a reader without `personal-data:read`. */
export const REDACTED = '[redacted]';

type Data = Record<string, unknown>;

// Nothing unclassified is ever stored by the command side; if one were, hide nothing it cannot name.
const pathsOf = personalDataPathsOrNone;

/** The event's data with every personal field (see `PERSONAL_DATA_PATHS`) replaced by `[redacted]`. */
export const redactPersonalData = (type: string, data: Data): Data =>
  mapPaths(data, pathsOf(type), (value) => (isErased(value) ? value : REDACTED));

/**
 * The personal fields an event's data discloses: those with a value that is neither erased nor
 * redacted, by path (`customer.name`, `options[].note`), each once.
 */
export const disclosedFields = (type: string, data: Data): string[] => [
  ...new Set(
    valuesAt(data, pathsOf(type))
      .filter(({ value }) => !isErased(value) && value !== REDACTED)
      .map(({ path }) => path.replace(/\[\d+\]/g, '[]')),
  ),
];
