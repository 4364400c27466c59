import { DateTime } from 'luxon';
import { type InboundProblem } from '@app/messaging/inbound/inbound-message';
import { type ImportMapping } from './import-mapping';

export type CsvRow = Record<string, string | undefined>;

type Step = { step: string; occurredAt: string; message: Record<string, unknown> };

export type RowHistory =
  | { ok: true; externalId: string; steps: Step[] }
  | { ok: false; externalId?: string; problems: InboundProblem[] };

/**
 * One exported row becomes the history it records — received, classified, acknowledged, replied,
 * closed, reopened — as upstream messages with the dates in the file. Message ids derive from the
 * source system, the row's external id and the step, so importing the file again appends nothing.
 */
export const rowHistory = (row: CsvRow, mapping: ImportMapping): RowHistory => {
  const { columns, values } = mapping;
  const problems: InboundProblem[] = [];
  const cell = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const value = row[name]?.trim();
    return value === '' ? undefined : value;
  };
  const required = (name: string): string => {
    const value = cell(name);
    if (value === undefined) problems.push({ field: name, reason: 'is empty', code: 'IMPORT.MISSING_VALUE' });
    return value ?? '';
  };
  const mapped = <T extends string>(
    name: string | undefined,
    table: Record<string, T>,
    optional = false,
  ): T | undefined => {
    const value = cell(name);
    if (value === undefined) {
      if (!optional && name !== undefined)
        problems.push({ field: name, reason: 'is empty', code: 'IMPORT.MISSING_VALUE' });
      return undefined;
    }
    const code = table[value];
    if (code === undefined)
      problems.push({
        field: name!,
        reason: `value '${value}' has no mapping`,
        code: 'IMPORT.UNMAPPED_VALUE',
      });
    return code;
  };
  const date = (name: string | undefined): string | undefined => {
    const value = cell(name);
    if (value === undefined) return undefined;
    const parsed = DateTime.fromFormat(value, mapping.dateFormat, { zone: mapping.timeZone });
    if (!parsed.isValid) {
      problems.push({
        field: name!,
        reason: `'${value}' is not a date as ${mapping.dateFormat}`,
        code: 'IMPORT.INVALID_DATE',
      });
      return undefined;
    }
    return parsed.toUTC().toISO()!;
  };

  const externalId = required(columns.externalId);
  const receivedAt = date(columns.receivedAt) ?? (required(columns.receivedAt), undefined);
  const channel = mapped(columns.channel, values.channel);
  const category = mapped(columns.category, values.category, true);
  const severity = mapped(columns.severity, values.severity, true) ?? mapping.defaults.severity;
  const repliedAt = date(columns.repliedAt);
  const closedAt = date(columns.closedAt);
  const reopenedAt = date(columns.reopenedAt);
  const customer = {
    reference: required(columns.customerReference),
    name: required(columns.customerName),
    contact: cell(columns.customerPhone) === undefined ? {} : { phone: cell(columns.customerPhone) },
  };
  const registration = {
    businessLine: mapping.businessLine,
    channel,
    customer,
    description: required(columns.description),
    demand: required(columns.demand),
    receivedBy: { jobNumber: required(columns.staffJobNumber), orgUnit: required(columns.orgUnit) },
  };
  if (problems.length > 0 || receivedAt === undefined) return { ok: false, externalId, problems };

  const source = { system: mapping.sourceSystem, externalId };
  const message = (
    step: string,
    occurredAt: string,
    type: string,
    payload: Record<string, unknown>,
  ): Step => ({
    step,
    occurredAt,
    message: {
      messageId: `import:${externalId}:${step}`,
      type,
      schemaVersion: 1,
      source,
      occurredAt,
      payload,
    },
  });
  const steps: Step[] = [message('received', receivedAt, 'ComplaintReceived', registration)];
  if (category !== undefined)
    steps.push(
      message('classified', receivedAt, 'StatusUpdated', {
        status: 'classified',
        category,
        severity,
        responsibility: mapping.defaults.responsibility,
        form: mapping.defaults.form,
      }),
      message('acknowledged', receivedAt, 'StatusUpdated', {
        status: 'acknowledged',
        mode: 'deferred',
        contactMethod: mapping.defaults.contactMethod,
      }),
    );
  if (repliedAt !== undefined)
    steps.push(
      message('replied', repliedAt, 'StatusUpdated', {
        status: 'replied',
        summary: cell(columns.replySummary) ?? 'Replied (imported)',
        contactMethod: mapping.defaults.contactMethod,
      }),
    );
  if (closedAt !== undefined) steps.push(message('closed', closedAt, 'StatusUpdated', { status: 'closed' }));
  if (reopenedAt !== undefined)
    steps.push(
      message('reopened', reopenedAt, 'StatusUpdated', {
        status: 'reopened',
        reason: cell(columns.reopenReason) ?? 'Reopened (imported)',
      }),
    );

  for (let i = 1; i < steps.length; i++)
    if (Date.parse(steps[i]!.occurredAt) < Date.parse(steps[i - 1]!.occurredAt))
      return {
        ok: false,
        externalId,
        problems: [
          {
            field: steps[i]!.step,
            reason: `${steps[i]!.step} (${steps[i]!.occurredAt}) is dated before ${steps[i - 1]!.step}`,
            code: 'IMPORT.DATES_OUT_OF_ORDER',
          },
        ],
      };
  return { ok: true, externalId, steps };
};
