import { z } from 'zod';

/**
 * How another complaint system's CSV export maps onto this one: which column holds which field, and
 * which source value stands for which taxonomy code. Kept in a JSON file next to the export.
 */
const column = z.string().min(1).max(100);

export const importMappingSchema = z.strictObject({
  sourceSystem: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  businessLine: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  /** Zone of the export's local date-times, e.g. Asia/Shanghai. */
  timeZone: z.string().min(1),
  /** Luxon format of the date-time columns, e.g. yyyy-MM-dd HH:mm. */
  dateFormat: z.string().min(1),
  defaults: z
    .strictObject({
      contactMethod: z.enum(['phone', 'sms', 'email', 'letter', 'in-person']).default('phone'),
      severity: z.enum(['minor', 'serious', 'sudden-incident']).default('minor'),
      responsibility: z.enum(['at-fault', 'not-at-fault', 'undetermined']).default('undetermined'),
      form: z.enum(['attitude', 'quality']).default('quality'),
    })
    .prefault({}),
  columns: z.strictObject({
    externalId: column,
    receivedAt: column,
    channel: column,
    category: column.optional(),
    severity: column.optional(),
    customerReference: column,
    customerName: column,
    customerPhone: column.optional(),
    description: column,
    demand: column,
    staffJobNumber: column,
    orgUnit: column,
    repliedAt: column.optional(),
    replySummary: column.optional(),
    closedAt: column.optional(),
    reopenedAt: column.optional(),
    reopenReason: column.optional(),
  }),
  values: z
    .strictObject({
      channel: z.record(z.string(), z.string()).default({}),
      category: z.record(z.string(), z.string()).default({}),
      severity: z.record(z.string(), z.enum(['minor', 'serious', 'sudden-incident'])).default({}),
    })
    .prefault({}),
});

export type ImportMapping = z.infer<typeof importMappingSchema>;

export const parseImportMapping = (json: unknown): ImportMapping => {
  const parsed = importMappingSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new Error(`Invalid mapping file: ${problems}`);
};
