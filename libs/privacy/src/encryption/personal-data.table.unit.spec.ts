import { CURRENT_SCHEMA_VERSION } from '@app/complaints';
import { eventsWithPersonalData } from '../test-support/events-with-personal-data';
import { mapPaths, valuesAt } from './json-paths';
import { PERSONAL_DATA_READ } from '../audit/personal-data-audit';
import {
  NON_DOMAIN_PATHS,
  PERSONAL_DATA_PATHS,
  UnclassifiedEventTypeError,
  classifiedEventTypes,
  personalDataPaths,
} from './personal-data.table';

const MARKER = 'PII§';

describe('the personal-data table', () => {
  // Besides the domain's: the audit of reads, and the record of tokens issued and revoked.
  const NON_DOMAIN = [PERSONAL_DATA_READ, 'AccessTokenIssued', 'AccessTokenRevoked'];

  it('classifies every event type the domain writes, and besides them only the audit and token records', () => {
    expect(Object.keys(PERSONAL_DATA_PATHS).sort()).toStrictEqual(Object.keys(CURRENT_SCHEMA_VERSION).sort());
    expect(Object.keys(NON_DOMAIN_PATHS)).toStrictEqual(NON_DOMAIN);
    expect(Object.values(NON_DOMAIN_PATHS).flat()).toEqual([]);
    expect(classifiedEventTypes().sort()).toStrictEqual(
      [...Object.keys(CURRENT_SCHEMA_VERSION), ...NON_DOMAIN].sort(),
    );
  });

  it('refuses a type nobody has classified, even one without personal data', () => {
    expect(() => personalDataPaths('ComplaintTeleported')).toThrow(UnclassifiedEventTypeError);
    expect(() => personalDataPaths('constructor')).toThrow(/not classified in PERSONAL_DATA_PATHS/);
    expect(personalDataPaths('ComplaintClosed')).toStrictEqual([]);
  });

  describe('on an example of every type, with a marker in each personal field', () => {
    const events = eventsWithPersonalData(MARKER);

    it('covers every domain type', () => {
      expect(new Set(events.map((event) => event.type))).toStrictEqual(
        new Set(Object.keys(PERSONAL_DATA_PATHS)),
      );
    });

    it.each(events.map((event) => [event.type, event] as const))(
      '%s: every listed path holds a marked value, and no marker is left outside them',
      (type, event) => {
        const paths = personalDataPaths(type);
        const found = valuesAt(event.data, paths);

        expect(found.map(({ value }) => String(value))).toStrictEqual(
          found.map(() => expect.stringContaining(MARKER)),
        );
        expect(new Set(found.map(({ path }) => path.replace(/\[\d+\]/g, '[]')))).toStrictEqual(
          new Set(paths),
        );
        const redacted = mapPaths(event.data, paths, () => 'x');
        expect(JSON.stringify(redacted)).not.toContain(MARKER);
      },
    );
  });

  it('keeps staff by job number in clear: no path names a job number or an org unit', () => {
    const all = Object.values(PERSONAL_DATA_PATHS).flat();
    expect(all.filter((path) => /jobNumber|orgUnit|staff|By$/.test(path))).toStrictEqual([]);
  });
});
