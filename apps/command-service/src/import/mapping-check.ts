import { type DecisionContext, SEVERITIES } from '@app/complaints';
import {
  FOLLOW_UP_RESULTS,
  type ImportMapping,
  InvalidMappingError,
  type ListSpec,
  ROW_STATUSES,
  type ValueSpec,
  referencedColumns,
} from './import-mapping';

/**
 * The checks made before the first row: every column the mapping names is in the file's header, and
 * every code it can produce (value maps, `unmapped`, defaults, constants) is one the taxonomy and the
 * policy know. A column read as codes without a map can only be checked row by row, by the deciders.
 */
export const checkHeader = (mapping: ImportMapping, header: readonly string[]): void => {
  const present = new Set(header.map((name) => name.trim()));
  const missing = referencedColumns(mapping).filter(({ column }) => !present.has(column));
  if (missing.length === 0) return;
  throw new InvalidMappingError(
    `The mapping names columns the file does not have: ${missing
      .map(({ column, at }) => `"${column}" (${at})`)
      .join(', ')}. The file's columns: ${header.map((name) => `"${name}"`).join(', ')}`,
  );
};

/** The codes a spec can produce without reading the file: its map's codes, `unmapped`, default, constant. */
const producible = (spec: ValueSpec | ListSpec | undefined, at: string): { code: string; at: string }[] => {
  if (spec === undefined || typeof spec === 'string') return [];
  const split = 'split' in spec && typeof spec.split === 'string' ? spec.split : undefined;
  const items = (text: string) => (split ? text.split(split).map((item) => item.trim()) : [text]);
  return [
    ...Object.entries(spec.values ?? {}).map(([text, code]) => ({ code, at: `${at}.values['${text}']` })),
    ...(spec.unmapped === undefined ? [] : [{ code: spec.unmapped, at: `${at}.unmapped` }]),
    ...(spec.default === undefined ? [] : items(spec.default).map((code) => ({ code, at: `${at}.default` }))),
    ...(spec.const === undefined || spec.values
      ? []
      : items(spec.const).map((code) => ({ code, at: `${at}.const` }))),
  ];
};

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const checkCodes = (mapping: ImportMapping, { taxonomy, policy }: DecisionContext): void => {
  const problems: string[] = [];
  const line = taxonomy.line(mapping.businessLine);
  if (!line)
    problems.push(
      `businessLine '${mapping.businessLine}' is not in the taxonomy (${taxonomy
        .businessLines()
        .map((l) => l.businessLine)
        .join(', ')})`,
    );
  const expect = (found: { code: string; at: string }[], allowed: readonly string[], what: string) => {
    for (const { code, at } of found)
      if (!allowed.includes(code)) problems.push(`${at} → '${code}' is not ${what}`);
  };
  const inMap = (map: Record<string, string>, at: string) =>
    Object.entries(map).map(([text, code]) => ({ code, at: `${at}['${text}']` }));
  if (line) {
    const channels = line.channels.map((c) => c.code);
    const categories = line.categories.map((c) => c.code);
    const causes = line.causes.map((c) => c.code);
    const of = `of ${line.businessLine}`;
    expect(
      [
        ...inMap(mapping.values.channel, 'values.channel'),
        ...producible(mapping.columns.channel, 'columns.channel'),
      ],
      channels,
      `a channel ${of}`,
    );
    expect(
      [
        ...inMap(mapping.values.category, 'values.category'),
        ...producible(mapping.columns.category, 'columns.category'),
      ],
      categories,
      `a category ${of}`,
    );
    expect(producible(mapping.causes?.codes, 'causes.codes'), causes, `a cause ${of}`);
  }
  expect(producible(mapping.columns.severity, 'columns.severity'), SEVERITIES, 'a severity');
  expect(producible(mapping.status, 'status'), ROW_STATUSES, `a status (${ROW_STATUSES.join(', ')})`);
  expect(
    producible(mapping.referral?.kind, 'referral.kind'),
    ['complaint', 'referral'],
    'complaint or referral',
  );
  if (mapping.followUp) {
    const satisfaction = ['satisfied', 'neutral', 'dissatisfied'];
    expect(
      producible(mapping.followUp.result, 'followUp.result'),
      FOLLOW_UP_RESULTS,
      FOLLOW_UP_RESULTS.join(', '),
    );
    expect(
      producible(mapping.followUp.timeliness, 'followUp.timeliness'),
      ['timely', 'neutral', 'late'],
      'timely, neutral or late',
    );
    expect(producible(mapping.followUp.attitude, 'followUp.attitude'), satisfaction, satisfaction.join(', '));
    expect(
      producible(mapping.followUp.wouldReuse, 'followUp.wouldReuse'),
      ['yes', 'unsure', 'no'],
      'yes, unsure or no',
    );
    if (!policy.escalationLevels.includes(mapping.followUp.level))
      problems.push(
        `followUp.level '${mapping.followUp.level}' is not a level of the policy (${policy.escalationLevels.join(', ')})`,
      );
  }
  const zones = [
    ['timeZone', mapping.timeZone],
    ...Object.entries(mapping.columns).flatMap(([name, spec]) =>
      typeof spec === 'object' && 'zone' in spec && typeof spec.zone === 'string'
        ? [[`columns.${name}.zone`, spec.zone]]
        : [],
    ),
  ];
  for (const [at, zone] of zones)
    if (!isTimeZone(zone!)) problems.push(`${at} '${zone}' is not an IANA time zone`);
  for (const [name, spec] of Object.entries(mapping.columns))
    if (typeof spec === 'object' && 'sameAs' in spec && spec.sameAs !== undefined) {
      const target = mapping.columns[spec.sameAs];
      if (
        spec.sameAs === name ||
        target === undefined ||
        (typeof target === 'object' && 'sameAs' in target && target.sameAs)
      )
        problems.push(`columns.${name}.sameAs '${spec.sameAs}' must name another date mapped to a column`);
    }
  if (problems.length > 0)
    throw new InvalidMappingError(`The mapping does not fit the taxonomy and policy: ${problems.join('; ')}`);
};
