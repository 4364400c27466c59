import { z } from 'zod';

/**
 * How another complaint system's CSV export maps onto this one, kept in a JSON file next to the export:
 * where each field's value comes from (a column, a constant, several columns joined), which source text
 * stands for which code, which step a row's status means, and how its dates are written. Every column
 * named here must be in the file's header; every code must be in the taxonomy (both checked before the
 * first row). README "Importing another system's export" lists the keys with an example each.
 */
const column = z.string().min(1).max(100);
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lower-case code');

/** A constant: the same text on every row (an anonymous export's customer name). */
const constant = z.strictObject({ const: z.string().min(1) });

/**
 * A value from the row: a column's name, a constant, or an object with one source (`column`, `const`,
 * or `concat`: columns and constants joined with `separator`, empty ones left out), then `values` (the
 * source text → the text or code used; `unmapped` for any text the map lacks), then `default` when the
 * row has nothing.
 */
const valueObject = z
  .strictObject({
    column: column.optional(),
    const: z.string().min(1).optional(),
    concat: z
      .array(z.union([column, constant]))
      .min(2)
      .optional(),
    separator: z.string().max(10).default(' '),
    values: z.record(z.string(), z.string()).optional(),
    unmapped: z.string().min(1).optional(),
    default: z.string().min(1).optional(),
  })
  .refine(
    (spec) => [spec.column, spec.const, spec.concat].filter((source) => source !== undefined).length === 1,
    { message: 'give exactly one of column, const or concat' },
  );

export const valueSpec = z.union([column, valueObject]);
export type ValueSpec = z.infer<typeof valueSpec>;

/** A value that is split into a list (causes, tags): `split` separates the items of one cell. */
const listSpec = z.union([
  column,
  valueObject.and(z.strictObject({ split: z.string().min(1).max(10).default(',') }).partial()),
]);
export type ListSpec = z.infer<typeof listSpec>;

/** Luxon formats, tried in order (one per vintage of an export); without hours a value is a calendar day. */
const formats = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/**
 * A date: a column's name, or `{ column, format, zone }` overriding the mapping's format and zone for
 * that column, or `{ sameAs: '<date field>' }` for the date of another field (a reply dated as the
 * closing when the export keeps only one date).
 */
const dateObject = z
  .strictObject({
    column: column.optional(),
    sameAs: z.enum(['receivedAt', 'repliedAt', 'closedAt', 'reopenedAt', 'withdrawnAt']).optional(),
    format: formats.optional(),
    zone: z.string().min(1).optional(),
  })
  .refine((spec) => (spec.column === undefined) !== (spec.sameAs === undefined), {
    message: 'give exactly one of column or sameAs',
  });
export const dateSpec = z.union([column, dateObject]);
export type DateSpec = z.infer<typeof dateSpec>;
export type DateField = NonNullable<z.infer<typeof dateObject>['sameAs']>;

/** The state a row's status column says the complaint ended in; the steps to reach it are imported. */
export const ROW_STATUSES = ['open', 'replied', 'closed', 'reopened', 'withdrawn'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export const FOLLOW_UP_RESULTS = ['satisfied', 'neutral', 'dissatisfied', 'none'] as const;

export const importMappingSchema = z.strictObject({
  sourceSystem: code,
  businessLine: code,
  /** Zone of the export's local date-times, e.g. Asia/Shanghai. */
  timeZone: z.string().min(1),
  /** Luxon format(s) of the date columns, e.g. yyyy-MM-dd HH:mm; a column may name its own. */
  dateFormat: formats,
  defaults: z
    .strictObject({
      contactMethod: z.enum(['phone', 'sms', 'email', 'letter', 'in-person']).default('phone'),
      severity: z.enum(['minor', 'serious', 'sudden-incident']).default('minor'),
      responsibility: z.enum(['at-fault', 'not-at-fault', 'undetermined']).default('undetermined'),
      form: z.enum(['attitude', 'quality']).default('quality'),
    })
    .prefault({}),
  columns: z.strictObject({
    externalId: valueSpec,
    receivedAt: dateSpec,
    channel: valueSpec,
    category: valueSpec.optional(),
    severity: valueSpec.optional(),
    customerReference: valueSpec,
    customerName: valueSpec,
    customerPhone: valueSpec.optional(),
    customerEmail: valueSpec.optional(),
    customerAddress: valueSpec.optional(),
    description: valueSpec,
    demand: valueSpec,
    staffJobNumber: valueSpec,
    orgUnit: valueSpec,
    repliedAt: dateSpec.optional(),
    replySummary: valueSpec.optional(),
    closedAt: dateSpec.optional(),
    reopenedAt: dateSpec.optional(),
    reopenReason: valueSpec.optional(),
    withdrawnAt: dateSpec.optional(),
    withdrawReason: valueSpec.optional(),
  }),
  /** Source text → taxonomy code, per field (the same as `values` inside a field's spec). */
  values: z
    .strictObject({
      channel: z.record(z.string(), z.string()).default({}),
      category: z.record(z.string(), z.string()).default({}),
      severity: z.record(z.string(), z.enum(['minor', 'serious', 'sudden-incident'])).default({}),
    })
    .prefault({}),
  /**
   * Which step the row's status text means (`values`: text → open | replied | closed | reopened |
   * withdrawn); each step the status needs must find its date. Without it, the dates present decide.
   */
  status: valueSpec.optional(),
  /** A row that is a referral (`kind` → complaint | referral), with who referred it and their number. */
  referral: z
    .strictObject({
      kind: valueSpec,
      referredBy: valueSpec,
      referenceNumber: valueSpec,
    })
    .optional(),
  /** The follow-up (回访) an export records, e.g. whether the customer disputed the answer. */
  followUp: z
    .strictObject({
      /** → satisfied | neutral | dissatisfied, or none for no follow-up. */
      result: valueSpec,
      /** → timely | neutral | late. */
      timeliness: valueSpec,
      /** → satisfied | neutral | dissatisfied. */
      attitude: valueSpec,
      /** → yes | unsure | no. */
      wouldReuse: valueSpec,
      method: z.enum(['phone', 'letter', 'fax', 'email', 'in-person']),
      /** A rung of the policy's escalation ladder, e.g. clerk. */
      level: code,
      /** When; by default the closing, else the reply. */
      at: dateSpec.optional(),
      comment: valueSpec.optional(),
    })
    .optional(),
  /** Root causes (查原因) found for the row: cause codes after `values`, with the investigation's finding. */
  causes: z
    .strictObject({
      codes: listSpec,
      /** The investigation's finding that the causes rest on (required by the domain before causes). */
      finding: valueSpec,
      sources: z
        .array(z.enum(['customer', 'staff', 'witness', 'records', 'cctv']))
        .min(1)
        .default(['records']),
      /** The unit each cause points at; the receiving org unit by default. */
      responsibleUnit: valueSpec.optional(),
      /** When; by default the reply, else the receipt. */
      at: dateSpec.optional(),
    })
    .optional(),
  /** Free tags, one cell split into several. */
  tags: listSpec.optional(),
});

export type ImportMapping = z.infer<typeof importMappingSchema>;

export class InvalidMappingError extends Error {
  readonly code = 'IMPORT.INVALID_MAPPING';
}

export const parseImportMapping = (json: unknown): ImportMapping => {
  const parsed = importMappingSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new InvalidMappingError(`Invalid mapping file: ${problems}`);
};

/** The columns a value or date spec reads. */
const columnsOf = (spec: ValueSpec | DateSpec | ListSpec | undefined): string[] => {
  if (spec === undefined) return [];
  if (typeof spec === 'string') return [spec];
  const parts = 'concat' in spec && spec.concat ? spec.concat : [];
  return [
    ...('column' in spec && spec.column ? [spec.column] : []),
    ...parts.filter((part): part is string => typeof part === 'string'),
  ];
};

/** Every column the mapping reads, with where it names it (`columns.channel`), for the header check. */
export const referencedColumns = (mapping: ImportMapping): { column: string; at: string }[] => {
  const specs: [string, ValueSpec | DateSpec | ListSpec | undefined][] = [
    ...Object.entries(mapping.columns).map(([name, spec]): [string, ValueSpec | DateSpec] => [
      `columns.${name}`,
      spec,
    ]),
    ['status', mapping.status],
    ['referral.kind', mapping.referral?.kind],
    ['referral.referredBy', mapping.referral?.referredBy],
    ['referral.referenceNumber', mapping.referral?.referenceNumber],
    ...Object.entries(mapping.followUp ?? {})
      .filter(([name]) => name !== 'method' && name !== 'level')
      .map(([name, spec]): [string, ValueSpec] => [`followUp.${name}`, spec as ValueSpec]),
    ['causes.codes', mapping.causes?.codes],
    ['causes.finding', mapping.causes?.finding],
    ['causes.responsibleUnit', mapping.causes?.responsibleUnit],
    ['causes.at', mapping.causes?.at],
    ['tags', mapping.tags],
  ];
  return specs.flatMap(([at, spec]) => columnsOf(spec).map((name) => ({ column: name, at })));
};
