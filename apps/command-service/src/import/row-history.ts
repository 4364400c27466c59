import { type DateField, type ImportMapping, ROW_STATUSES, type RowStatus } from './import-mapping';
import {
  type CsvRow,
  type Origin,
  type Read,
  type RowProblem,
  compileDate,
  compileList,
  compileValue,
} from './row-values';

export type { CsvRow, RowProblem } from './row-values';

/** The steps a row can record, in the order a complaint takes them. */
export const STEPS = [
  'received',
  'classified',
  'acknowledged',
  'investigated',
  'causes',
  'replied',
  'followed-up',
  'withdrawn',
  'closed',
  'reopened',
] as const;
export type StepName = (typeof STEPS)[number];

export type RowStep = {
  step: StepName;
  occurredAt: string;
  /** The upstream message the step is sent as, through the same ingress as every upstream system. */
  message: Record<string, unknown>;
  /** Where each of the message's values came from, by its field (`payload.category`, `occurredAt`). */
  origins: Record<string, Origin>;
};

export type RowHistory =
  | {
      ok: true;
      externalId: string;
      steps: RowStep[];
      /** When the complaint is closed once the row's history is stored (retention counts from there). */
      closedAt?: string;
    }
  | { ok: false; externalId?: string; problems: RowProblem[] };

/** The steps each row status needs, after receipt (and classification). */
const STATUS_STEPS: Record<RowStatus, readonly StepName[]> = {
  open: [],
  replied: ['replied'],
  closed: ['replied', 'closed'],
  reopened: ['replied', 'closed', 'reopened'],
  withdrawn: ['withdrawn'],
};

const DATE_OF: Partial<Record<StepName, DateField>> = {
  replied: 'repliedAt',
  closed: 'closedAt',
  reopened: 'reopenedAt',
  withdrawn: 'withdrawnAt',
};

const rank = (step: StepName) => STEPS.indexOf(step);

/**
 * Compiles a mapping into the function that turns one exported row into the history it records —
 * received (or referred), classified and acknowledged, investigated with its causes, replied, followed
 * up, withdrawn, closed, reopened — as upstream messages with the dates in the file. Message ids derive
 * from the source system, the row's external id and the step, so importing the file again appends
 * nothing, and a later export of the same complaint adds only the steps it took since.
 *
 * `dayZone`: where a date without a time of day is placed (the reporting zone).
 */
export const compileRowHistory = (mapping: ImportMapping, dayZone: string): ((row: CsvRow) => RowHistory) => {
  const { columns, values, defaults } = mapping;
  const required = { required: true };
  const value = (spec: Parameters<typeof compileValue>[0] | undefined, field: string, options = {}) =>
    spec === undefined ? undefined : compileValue(spec, field, options);
  const read = {
    externalId: compileValue(columns.externalId, 'columns.externalId', required),
    channel: compileValue(columns.channel, 'columns.channel', { required: true, values: values.channel }),
    category: value(columns.category, 'columns.category', { values: values.category }),
    severity: value(columns.severity, 'columns.severity', { values: values.severity }),
    customerReference: compileValue(columns.customerReference, 'columns.customerReference', required),
    customerName: compileValue(columns.customerName, 'columns.customerName', required),
    customerPhone: value(columns.customerPhone, 'columns.customerPhone'),
    customerEmail: value(columns.customerEmail, 'columns.customerEmail'),
    customerAddress: value(columns.customerAddress, 'columns.customerAddress'),
    description: compileValue(columns.description, 'columns.description', required),
    demand: compileValue(columns.demand, 'columns.demand', required),
    staffJobNumber: compileValue(columns.staffJobNumber, 'columns.staffJobNumber', required),
    orgUnit: compileValue(columns.orgUnit, 'columns.orgUnit', required),
    replySummary: value(columns.replySummary, 'columns.replySummary'),
    reopenReason: value(columns.reopenReason, 'columns.reopenReason'),
    withdrawReason: value(columns.withdrawReason, 'columns.withdrawReason'),
    status: value(mapping.status, 'status', required),
    referralKind: value(mapping.referral?.kind, 'referral.kind', required),
    referredBy: value(mapping.referral?.referredBy, 'referral.referredBy', required),
    referenceNumber: value(mapping.referral?.referenceNumber, 'referral.referenceNumber', required),
    followUpResult: value(mapping.followUp?.result, 'followUp.result', required),
    timeliness: value(mapping.followUp?.timeliness, 'followUp.timeliness', required),
    attitude: value(mapping.followUp?.attitude, 'followUp.attitude', required),
    wouldReuse: value(mapping.followUp?.wouldReuse, 'followUp.wouldReuse', required),
    followUpComment: value(mapping.followUp?.comment, 'followUp.comment'),
    causeCodes: mapping.causes ? compileList(mapping.causes.codes, 'causes.codes') : undefined,
    finding: value(mapping.causes?.finding, 'causes.finding', required),
    responsibleUnit: value(mapping.causes?.responsibleUnit, 'causes.responsibleUnit', required),
    tags: mapping.tags ? compileList(mapping.tags, 'tags') : undefined,
  };
  const dateFields = {
    receivedAt: columns.receivedAt,
    repliedAt: columns.repliedAt,
    closedAt: columns.closedAt,
    reopenedAt: columns.reopenedAt,
    withdrawnAt: columns.withdrawnAt,
  };
  const dates = Object.entries(dateFields).flatMap(([name, spec]) =>
    spec === undefined
      ? []
      : [{ name: name as DateField, ...compileDate(spec, `columns.${name}`, mapping, dayZone) }],
  );
  const followUpAt =
    mapping.followUp?.at === undefined
      ? undefined
      : compileDate(mapping.followUp.at, 'followUp.at', mapping, dayZone);
  const causesAt =
    mapping.causes?.at === undefined
      ? undefined
      : compileDate(mapping.causes.at, 'causes.at', mapping, dayZone);

  return (row) => {
    const problems: RowProblem[] = [];
    const take = <T>(reading: Read<T> | undefined): Read<T> | undefined => {
      if (reading?.problem) problems.push(reading.problem);
      return reading;
    };
    const get = (reader: ((row: CsvRow) => Read) | undefined) => take(reader?.(row));

    const externalId = get(read.externalId)!;
    // Dates: the columns first, then those given as the same as another.
    const dated = new Map<DateField, Read>();
    for (const date of dates) if (!date.sameAs) dated.set(date.name, take(date.read(row))!);
    for (let pass = 0; pass < dates.length; pass++)
      for (const date of dates)
        if (date.sameAs && !dated.has(date.name) && dated.has(date.sameAs)) {
          const target = dated.get(date.sameAs)!;
          dated.set(date.name, { value: target.value, origin: target.origin });
        }
    const dateOf = (field: DateField) => dated.get(field);
    /** A step's own date (`at`): its column, or the date of the field it is the same as. */
    const own = (date: ReturnType<typeof compileDate> | undefined) =>
      date === undefined ? undefined : date.sameAs ? dateOf(date.sameAs) : take(date.read(row));
    const receivedAt = dateOf('receivedAt')!;
    if (receivedAt.value === undefined && !receivedAt.problem)
      problems.push({
        field: 'columns.receivedAt',
        reason: 'is empty',
        code: 'IMPORT.MISSING_VALUE',
        ...receivedAt.origin,
      });

    const channel = get(read.channel)!;
    const category = get(read.category);
    const severity = get(read.severity);
    const fields = {
      customerReference: get(read.customerReference)!,
      customerName: get(read.customerName)!,
      customerPhone: get(read.customerPhone),
      customerEmail: get(read.customerEmail),
      customerAddress: get(read.customerAddress),
      description: get(read.description)!,
      demand: get(read.demand)!,
      staffJobNumber: get(read.staffJobNumber)!,
      orgUnit: get(read.orgUnit)!,
    };
    const tags = take(read.tags?.(row));
    const status = get(read.status);
    if (status?.value !== undefined && !(ROW_STATUSES as readonly string[]).includes(status.value))
      problems.push({
        field: 'status',
        reason: `maps to '${status.value}', not one of ${ROW_STATUSES.join(', ')}`,
        code: 'IMPORT.UNMAPPED_VALUE',
        ...status.origin,
      });
    const referralKind = get(read.referralKind);
    const isReferral = referralKind?.value === 'referral';
    if (referralKind?.value !== undefined && !['complaint', 'referral'].includes(referralKind.value))
      problems.push({
        field: 'referral.kind',
        reason: `maps to '${referralKind.value}', not complaint or referral`,
        code: 'IMPORT.UNMAPPED_VALUE',
        ...referralKind.origin,
      });
    const referredBy = isReferral ? get(read.referredBy) : undefined;
    const referenceNumber = isReferral ? get(read.referenceNumber) : undefined;
    const followUpResult = get(read.followUpResult);
    const followUp = followUpResult?.value !== undefined && followUpResult.value !== 'none';
    const answers = followUp
      ? {
          resultSatisfaction: followUpResult,
          timeliness: get(read.timeliness)!,
          attitudeSatisfaction: get(read.attitude)!,
          wouldReuse: get(read.wouldReuse)!,
        }
      : undefined;
    const followUpComment = followUp ? get(read.followUpComment) : undefined;
    const followUpDate = followUp ? own(followUpAt) : undefined;
    const causeCodes = take(read.causeCodes?.(row));
    const hasCauses = (causeCodes?.value?.length ?? 0) > 0;
    const finding = hasCauses ? get(read.finding) : undefined;
    const causesDate = hasCauses ? own(causesAt) : undefined;
    const responsibleUnit = hasCauses ? (get(read.responsibleUnit) ?? fields.orgUnit) : undefined;

    // Which steps after receipt: the status says, or else the dates present do.
    const wanted: StepName[] =
      status?.value !== undefined
        ? [...(STATUS_STEPS[status.value as RowStatus] ?? [])]
        : (['replied', 'withdrawn', 'closed', 'reopened'] as const).filter(
            (step) => dateOf(DATE_OF[step]!)?.value !== undefined,
          );
    if (status?.value === 'withdrawn' && dateOf('closedAt')?.value !== undefined) wanted.push('closed');
    for (const step of wanted) {
      const date = dateOf(DATE_OF[step]!);
      if (date?.value === undefined && !date?.problem)
        problems.push({
          field: `columns.${DATE_OF[step]!}`,
          reason: date
            ? `is empty, but the status '${status?.origin.value}' means the complaint was ${step}`
            : `is not mapped, but the status '${status?.origin.value}' means the complaint was ${step}`,
          code: 'IMPORT.MISSING_VALUE',
          ...(date?.origin ?? status?.origin),
        });
    }
    if (problems.length > 0) return { ok: false, externalId: externalId.value, problems };

    const id = externalId.value!;
    const source = { system: mapping.sourceSystem, externalId: id };
    const steps: RowStep[] = [];
    const add = (
      step: StepName,
      occurredAt: string,
      type: string,
      payload: Record<string, unknown>,
      origins: Record<string, Origin>,
    ) =>
      steps.push({
        step,
        occurredAt,
        message: { messageId: `import:${id}:${step}`, type, schemaVersion: 1, source, occurredAt, payload },
        origins,
      });
    const at = receivedAt.value!;
    const contact = Object.fromEntries(
      (
        [
          ['phone', fields.customerPhone],
          ['email', fields.customerEmail],
          ['address', fields.customerAddress],
        ] as const
      ).flatMap(([key, reading]) => (reading?.value === undefined ? [] : [[key, reading.value]])),
    );
    add(
      'received',
      at,
      isReferral ? 'ReferralReceived' : 'ComplaintReceived',
      {
        businessLine: mapping.businessLine,
        channel: channel.value,
        customer: { reference: fields.customerReference.value, name: fields.customerName.value, contact },
        description: fields.description.value,
        demand: fields.demand.value,
        receivedBy: { jobNumber: fields.staffJobNumber.value, orgUnit: fields.orgUnit.value },
        ...(tags?.value?.length ? { tags: tags.value } : {}),
        ...(isReferral ? { referredBy: referredBy!.value, referenceNumber: referenceNumber!.value } : {}),
      },
      {
        occurredAt: receivedAt.origin,
        'payload.channel': channel.origin,
        'payload.customer.reference': fields.customerReference.origin,
        'payload.customer.name': fields.customerName.origin,
        ...(fields.customerPhone && { 'payload.customer.contact.phone': fields.customerPhone.origin }),
        ...(fields.customerEmail && { 'payload.customer.contact.email': fields.customerEmail.origin }),
        ...(fields.customerAddress && { 'payload.customer.contact.address': fields.customerAddress.origin }),
        'payload.description': fields.description.origin,
        'payload.demand': fields.demand.origin,
        'payload.receivedBy.jobNumber': fields.staffJobNumber.origin,
        'payload.receivedBy.orgUnit': fields.orgUnit.origin,
        ...(tags && { 'payload.tags': tags.origin }),
        ...(referredBy && { 'payload.referredBy': referredBy.origin }),
        ...(referenceNumber && { 'payload.referenceNumber': referenceNumber.origin }),
      },
    );
    if (category?.value !== undefined) {
      add(
        'classified',
        at,
        'StatusUpdated',
        {
          status: 'classified',
          category: category.value,
          severity: severity?.value ?? defaults.severity,
          responsibility: defaults.responsibility,
          form: defaults.form,
        },
        {
          occurredAt: receivedAt.origin,
          'payload.category': category.origin,
          ...(severity && { 'payload.severity': severity.origin }),
        },
      );
      add(
        'acknowledged',
        at,
        'StatusUpdated',
        { status: 'acknowledged', mode: 'deferred', contactMethod: defaults.contactMethod },
        { occurredAt: receivedAt.origin },
      );
    }
    const repliedAt = dateOf('repliedAt');
    if (hasCauses) {
      const when = causesDate?.value ?? repliedAt?.value ?? at;
      const origin =
        causesDate?.value !== undefined ? causesDate.origin : (repliedAt?.origin ?? receivedAt.origin);
      add(
        'investigated',
        when,
        'InvestigationFindingReported',
        { sources: mapping.causes!.sources, what: finding!.value },
        { occurredAt: origin, 'payload.what': finding!.origin },
      );
      add(
        'causes',
        when,
        'RootCausesReported',
        {
          causes: causeCodes!.value!.map((causeCode) => ({
            causeCode,
            responsibleUnit: responsibleUnit!.value,
          })),
        },
        { occurredAt: origin, 'payload.causes': causeCodes!.origin },
      );
    }
    const dateSteps: Record<string, () => void> = {
      replied: () =>
        add(
          'replied',
          repliedAt!.value!,
          'StatusUpdated',
          {
            status: 'replied',
            summary: get(read.replySummary)?.value ?? 'Replied (imported)',
            contactMethod: defaults.contactMethod,
          },
          {
            occurredAt: repliedAt!.origin,
            ...(read.replySummary && { 'payload.summary': read.replySummary(row).origin }),
          },
        ),
      withdrawn: () =>
        add(
          'withdrawn',
          dateOf('withdrawnAt')!.value!,
          'StatusUpdated',
          { status: 'withdrawn', reason: get(read.withdrawReason)?.value ?? 'Withdrawn (imported)' },
          { occurredAt: dateOf('withdrawnAt')!.origin },
        ),
      closed: () =>
        add(
          'closed',
          dateOf('closedAt')!.value!,
          'StatusUpdated',
          { status: 'closed' },
          { occurredAt: dateOf('closedAt')!.origin },
        ),
      reopened: () =>
        add(
          'reopened',
          dateOf('reopenedAt')!.value!,
          'StatusUpdated',
          { status: 'reopened', reason: get(read.reopenReason)?.value ?? 'Reopened (imported)' },
          { occurredAt: dateOf('reopenedAt')!.origin },
        ),
    };
    for (const step of [...wanted].sort((a, b) => rank(a) - rank(b))) dateSteps[step]!();
    if (answers) {
      const reading = followUpDate?.value === undefined ? undefined : followUpDate;
      const closed = dateOf('closedAt');
      const when =
        reading?.value ?? (wanted.includes('closed') ? closed?.value : undefined) ?? repliedAt?.value;
      const origin =
        reading?.origin ?? (wanted.includes('closed') ? closed?.origin : undefined) ?? repliedAt?.origin;
      if (when === undefined)
        return {
          ok: false,
          externalId: id,
          problems: [
            {
              field: 'followUp.at',
              reason: 'a follow-up needs a date: the row has no follow-up, closing or reply date',
              code: 'IMPORT.MISSING_VALUE',
              ...followUpResult!.origin,
            },
          ],
        };
      add(
        'followed-up',
        when,
        'FollowUpResultReported',
        {
          method: mapping.followUp!.method,
          level: mapping.followUp!.level,
          answers: Object.fromEntries(Object.entries(answers).map(([key, reading]) => [key, reading!.value])),
          ...(followUpComment?.value !== undefined ? { comment: followUpComment.value } : {}),
        },
        {
          occurredAt: origin!,
          ...Object.fromEntries(
            Object.entries(answers).map(([key, reading]) => [`payload.answers.${key}`, reading!.origin]),
          ),
        },
      );
    }
    return ordered(id, steps);
  };
};

/**
 * The main line (received, replied, withdrawn, closed, reopened) must be dated in that order, as the
 * file says it; investigation, causes and follow-up fall in by their own dates. Equal dates keep the
 * steps' natural order.
 */
const MAIN_LINE: readonly StepName[] = ['received', 'replied', 'withdrawn', 'closed', 'reopened'];

const ordered = (externalId: string, steps: RowStep[]): RowHistory => {
  const main = steps.filter((s) => MAIN_LINE.includes(s.step));
  const tooEarly = (step: RowStep, before: RowStep) =>
    Date.parse(step.occurredAt) < Date.parse(before.occurredAt)
      ? {
          ok: false as const,
          externalId,
          problems: [
            {
              field: step.step,
              reason: `${step.step} (${step.occurredAt}) is dated before ${before.step} (${before.occurredAt})`,
              code: 'IMPORT.DATES_OUT_OF_ORDER',
              ...step.origins.occurredAt,
            },
          ],
        }
      : undefined;
  for (let i = 1; i < main.length; i++) {
    const refused = tooEarly(main[i]!, main[i - 1]!);
    if (refused) return refused;
  }
  for (const step of steps) {
    const refused = tooEarly(step, steps[0]!);
    if (refused) return refused;
  }
  const sorted = [...steps].sort(
    (a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || rank(a.step) - rank(b.step),
  );
  let closedAt: string | undefined;
  for (const step of sorted)
    if (step.step === 'closed') closedAt = step.occurredAt;
    else if (step.step === 'reopened') closedAt = undefined;
  return { ok: true, externalId, steps: sorted, closedAt };
};
