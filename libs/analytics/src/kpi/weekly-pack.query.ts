import { type AnalyticsStore, type QueryParams } from '../analytics-store.port';
import { assertIdentifier } from '../shared/identifiers';
import { FOLLOW_UP_ANSWER_VALUES, type FollowUpQuestion } from './follow-up-answers';
import { DEFAULT_REPORTING_TIME_ZONE, type IsoWeek, parseIsoWeek, previousWeeks } from './iso-week';
import { OVERDUE_AGE_BUCKETS, type OverdueAgeBucket } from './kpi-definitions';

/**
 * The weekly quality-analysis pack: one query per KPI (see `kpi-definitions.ts` for the definitions),
 * each reading deduplicated state (`FINAL`). Every value — week bounds, filters, event types — is a
 * bound `{name:Type}` parameter; only the database name, checked by `assertIdentifier`, is written
 * into the SQL text.
 */
export type WeeklyPackRequest = {
  /** ISO week, `YYYY-Www`. */
  week: string;
  /** IANA zone the week is read in; Asia/Shanghai when omitted. */
  timeZone?: string;
  businessLine?: string;
  /** Receiving org unit. */
  orgUnit?: string;
};

export type Change = { difference: number; relative: number | null };
export type Rate = { numerator: number; denominator: number; rate: number | null };
export type Count<K extends string = string> = { key: K; count: number };

export type WeeklyPack = {
  week: { id: string; timeZone: string; start: string; end: string };
  filters: { businessLine: string | null; orgUnit: string | null };
  volume: {
    count: number;
    abnormal: number;
    previousWeek: number;
    changeVsPreviousWeek: Change;
    /** Weeks w-1 … w-4, nearest first. */
    previous4Weeks: { week: string; count: number }[];
    meanOfPrevious4Weeks: number;
    changeVsMeanOfPrevious4Weeks: Change;
  };
  breakdowns: Record<'channel' | 'category' | 'severity' | 'responsibility' | 'orgUnit', Count[]>;
  timeliness: Rate & { interimReplies: number };
  overdueOpen: { total: number; byAge: Count<OverdueAgeBucket>[] };
  escalation: Rate & { byHighestLevel: { level: number; count: number }[] };
  firstContactResolution: Rate;
  reopen: Rate;
  repeatCustomer: Rate;
  satisfaction: {
    followUps: number;
    answers: Record<FollowUpQuestion, { answer: string; count: number; share: number | null }[]>;
  };
  followUpRate: Rate;
  rootCausePareto: {
    family: string;
    causeCode: string;
    responsibleUnit: string;
    count: number;
    share: number | null;
    cumulativeShare: number | null;
    previousWeek: number;
    changeVsPreviousWeek: number;
  }[];
};

type CountRow = { n: string };

const num = (value: string | number | null | undefined): number => Number(value ?? 0);
const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;
const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: ratio(numerator, denominator),
});
const change = (current: number, base: number): Change => ({
  difference: current - base,
  relative: ratio(current - base, base),
});

const IN_WEEK = (column: string) =>
  `${column} >= {start:DateTime64(3, 'UTC')} AND ${column} < {end:DateTime64(3, 'UTC')}`;

const FILTERS = `({businessLine:Nullable(String)} IS NULL OR business_line = {businessLine:Nullable(String)})`;
const ORG_FILTER = `({orgUnit:Nullable(String)} IS NULL OR org_unit = {orgUnit:Nullable(String)})`;

/**
 * Counted complaints (current state): of the filtered line (and org unit unless `anyOrgUnit`), not merged
 * into another, not abnormal. FINAL first, filters after, so no filter sees a superseded version.
 */
const counted = (db: string, { anyOrgUnit = false } = {}) =>
  `(SELECT * FROM (SELECT * FROM ${db}.complaints FINAL)
    WHERE merged_into IS NULL AND abnormal = 0 AND ${FILTERS}${anyOrgUnit ? '' : ` AND ${ORG_FILTER}`})`;

const events = (db: string) => `(SELECT * FROM ${db}.complaint_events FINAL)`;

type Scope = { db: string; week: IsoWeek; params: QueryParams };

async function volume({ db, week, params }: Scope, store: AnalyticsStore) {
  const weeks = [...previousWeeks(week, 4)].reverse();
  const rows = await store.query<{ week_index: number; abnormal: number; n: string }>(
    `SELECT arrayCount(b -> b <= registered_at, {bounds:Array(DateTime64(3, 'UTC'))}) AS week_index,
            abnormal, count() AS n
     FROM (SELECT * FROM ${db}.complaints FINAL)
     WHERE merged_into IS NULL AND ${FILTERS} AND ${ORG_FILTER}
       AND registered_at >= {from:DateTime64(3, 'UTC')} AND registered_at < {end:DateTime64(3, 'UTC')}
     GROUP BY week_index, abnormal`,
    { ...params, from: weeks[0].start, bounds: [...weeks, week].map((each) => each.start) },
  );
  // week_index: 1 … 4 are weeks w-4 … w-1, 5 the week itself.
  const at = (index: number, abnormal: 0 | 1) =>
    num(rows.find((row) => num(row.week_index) === index && num(row.abnormal) === abnormal)?.n);
  const count = at(5, 0);
  const previous4Weeks = [4, 3, 2, 1].map((index) => ({ week: weeks[index - 1].id, count: at(index, 0) }));
  const mean = previous4Weeks.reduce((sum, each) => sum + each.count, 0) / 4;
  return {
    count,
    abnormal: at(5, 1),
    previousWeek: previous4Weeks[0].count,
    changeVsPreviousWeek: change(count, previous4Weeks[0].count),
    previous4Weeks,
    meanOfPrevious4Weeks: mean,
    changeVsMeanOfPrevious4Weeks: change(count, mean),
  };
}

async function breakdowns({ db, params }: Scope, store: AnalyticsStore): Promise<WeeklyPack['breakdowns']> {
  const rows = await store.query<{ dimension: keyof WeeklyPack['breakdowns']; key: string; n: string }>(
    `SELECT pair.1 AS dimension, pair.2 AS key, count() AS n
     FROM (
       SELECT arrayJoin([
         ('channel', toString(channel)),
         ('category', toString(ifNull(category, 'unclassified'))),
         ('severity', toString(ifNull(severity, 'unclassified'))),
         ('responsibility', toString(ifNull(responsibility, 'unclassified'))),
         ('orgUnit', toString(org_unit))
       ]) AS pair
       FROM ${counted(db)} WHERE ${IN_WEEK('registered_at')}
     )
     GROUP BY dimension, key
     ORDER BY dimension, n DESC, key`,
    params,
  );
  const of = (dimension: keyof WeeklyPack['breakdowns']) =>
    rows.filter((row) => row.dimension === dimension).map((row) => ({ key: row.key, count: num(row.n) }));
  return {
    channel: of('channel'),
    category: of('category'),
    severity: of('severity'),
    responsibility: of('responsibility'),
    orgUnit: of('orgUnit'),
  };
}

async function timeliness({ db, params }: Scope, store: AnalyticsStore): Promise<WeeklyPack['timeliness']> {
  // on_time is the FinalReplySent fact: replied no later than the deadline in force when it was sent.
  const [row] = await store.query<{ replies: string; on_time: string; interim: string }>(
    `SELECT countIf(type = 'FinalReplySent') AS replies,
            countIf(type = 'FinalReplySent' AND on_time = 1) AS on_time,
            countIf(type = 'InterimReplySent') AS interim
     FROM ${events(db)}
     WHERE ${IN_WEEK('occurred_at')} AND complaint_id IN (SELECT complaint_id FROM ${counted(db)})`,
    params,
  );
  return { ...rate(num(row.on_time), num(row.replies)), interimReplies: num(row.interim) };
}

async function overdueOpen({ db, params }: Scope, store: AnalyticsStore): Promise<WeeklyPack['overdueOpen']> {
  // The state at the end of the week is the last lifecycle event before it, in stream order; only an
  // acknowledgement or an interim reply leaves a reply deadline running.
  const rows = await store.query<{ bucket: OverdueAgeBucket; n: string }>(
    `SELECT multiIf(age <= 2, '0-2', age <= 7, '3-7', age <= 14, '8-14', age <= 30, '15-30', '31+') AS bucket,
            count() AS n
     FROM (
       SELECT intDiv(dateDiff('second', c.registered_at, {end:DateTime64(3, 'UTC')}), 86400) AS age
       FROM (
         SELECT complaint_id,
                argMax(type, stream_revision) AS last_type,
                argMax(deadline_at, stream_revision) AS deadline
         FROM ${events(db)}
         WHERE occurred_at < {end:DateTime64(3, 'UTC')} AND type IN {lifecycle:Array(String)}
         GROUP BY complaint_id
       ) AS s
       INNER JOIN ${counted(db)} AS c ON c.complaint_id = s.complaint_id
       WHERE s.last_type IN {running:Array(String)} AND s.deadline < {end:DateTime64(3, 'UTC')}
     )
     GROUP BY bucket`,
    {
      ...params,
      lifecycle: [
        'ComplaintRegistered',
        'ComplaintAcknowledged',
        'InterimReplySent',
        'FinalReplySent',
        'ComplaintClosed',
        'ComplaintReopened',
        'ComplaintWithdrawn',
        'ComplaintMergedInto',
      ],
      running: ['ComplaintAcknowledged', 'InterimReplySent'],
    },
  );
  const byAge = OVERDUE_AGE_BUCKETS.map((key) => ({
    key,
    count: num(rows.find((row) => row.bucket === key)?.n),
  }));
  return { total: byAge.reduce((sum, each) => sum + each.count, 0), byAge };
}

async function escalation(
  { db, params }: Scope,
  store: AnalyticsStore,
  volumeCount: number,
): Promise<WeeklyPack['escalation']> {
  const rows = await store.query<{ level: number; n: string }>(
    `SELECT escalation_level AS level, count() AS n
     FROM ${counted(db)} WHERE ${IN_WEEK('registered_at')} AND escalated = 1
     GROUP BY level ORDER BY level`,
    params,
  );
  const byHighestLevel = rows.map((row) => ({ level: num(row.level), count: num(row.n) }));
  return {
    ...rate(
      byHighestLevel.reduce((sum, each) => sum + each.count, 0),
      volumeCount,
    ),
    byHighestLevel,
  };
}

async function closures({ db, params }: Scope, store: AnalyticsStore) {
  const [row] = await store.query<{ closed: string; fcr: string; reopened: string }>(
    `SELECT count() AS closed,
            countIf(c.reply_mode = 'immediate' AND c.dispatch_count = 0 AND c.escalated = 0
                    AND c.reopen_count = 0) AS fcr,
            countIf(k.last_reopen > k.closed_at) AS reopened
     FROM (
       SELECT complaint_id,
              maxIf(occurred_at, type = 'ComplaintClosed' AND ${IN_WEEK('occurred_at')}) AS closed_at,
              countIf(type = 'ComplaintClosed' AND ${IN_WEEK('occurred_at')}) AS closes,
              maxIf(occurred_at, type = 'ComplaintReopened') AS last_reopen
       FROM ${events(db)}
       WHERE type IN ('ComplaintClosed', 'ComplaintReopened')
       GROUP BY complaint_id
       HAVING closes > 0
     ) AS k
     INNER JOIN ${counted(db)} AS c ON c.complaint_id = k.complaint_id`,
    params,
  );
  const closed = num(row.closed);
  return { closed, fcr: rate(num(row.fcr), closed), reopen: rate(num(row.reopened), closed) };
}

async function repeatCustomers({ db, params }: Scope, store: AnalyticsStore, volumeCount: number) {
  const [row] = await store.query<CountRow>(
    `SELECT countDistinct(s.complaint_id) AS n
     FROM (SELECT complaint_id, customer_key, category, registered_at FROM ${counted(db)}
           WHERE ${IN_WEEK('registered_at')} AND category IS NOT NULL) AS s
     INNER JOIN (SELECT complaint_id, customer_key, category, registered_at FROM ${counted(db, { anyOrgUnit: true })}
                 WHERE category IS NOT NULL) AS p
       ON p.customer_key = s.customer_key AND p.category = s.category
     WHERE p.complaint_id != s.complaint_id
       AND p.registered_at < s.registered_at
       AND p.registered_at >= s.registered_at - toIntervalDay({repeatWindowDays:UInt16})`,
    { ...params, repeatWindowDays: 30 },
  );
  return rate(num(row.n), volumeCount);
}

async function satisfaction(
  { db, params }: Scope,
  store: AnalyticsStore,
): Promise<WeeklyPack['satisfaction']> {
  const [total] = await store.query<CountRow>(
    `SELECT count() AS n FROM (SELECT * FROM ${db}.follow_ups FINAL)
     WHERE ${IN_WEEK('recorded_at')} AND complaint_id IN (SELECT complaint_id FROM ${counted(db)})`,
    params,
  );
  const rows = await store.query<{ question: FollowUpQuestion; answer: string; n: string }>(
    `SELECT qa.1 AS question, qa.2 AS answer, count() AS n
     FROM (
       SELECT arrayJoin([
         ('result', toString(result_satisfaction)),
         ('timeliness', toString(timeliness)),
         ('attitude', toString(attitude_satisfaction)),
         ('wouldReuse', toString(would_reuse))
       ]) AS qa
       FROM (SELECT * FROM ${db}.follow_ups FINAL)
       WHERE ${IN_WEEK('recorded_at')} AND complaint_id IN (SELECT complaint_id FROM ${counted(db)})
     )
     GROUP BY question, answer`,
    params,
  );
  const followUps = num(total.n);
  const answersTo = (question: FollowUpQuestion) =>
    FOLLOW_UP_ANSWER_VALUES[question].map((answer) => {
      const count = num(rows.find((row) => row.question === question && row.answer === answer)?.n);
      return { answer, count, share: ratio(count, followUps) };
    });
  return {
    followUps,
    answers: {
      result: answersTo('result'),
      timeliness: answersTo('timeliness'),
      attitude: answersTo('attitude'),
      wouldReuse: answersTo('wouldReuse'),
    },
  };
}

async function rootCausePareto(
  { db, week, params }: Scope,
  store: AnalyticsStore,
): Promise<WeeklyPack['rootCausePareto']> {
  const rows = await store.query<{
    family: string;
    cause_code: string;
    responsible_unit: string;
    n: string;
    previous: string;
  }>(
    `SELECT k.family AS family, k.cause_code AS cause_code, k.responsible_unit AS responsible_unit,
            countIf(c.registered_at >= {start:DateTime64(3, 'UTC')}) AS n,
            countIf(c.registered_at < {start:DateTime64(3, 'UTC')}) AS previous
     FROM (SELECT complaint_id, family, cause_code, responsible_unit
           FROM (SELECT * FROM ${db}.complaint_causes FINAL) WHERE active = 1) AS k
     INNER JOIN (SELECT complaint_id, registered_at FROM ${counted(db)}
                 WHERE registered_at >= {previousStart:DateTime64(3, 'UTC')}
                   AND registered_at < {end:DateTime64(3, 'UTC')}) AS c
       ON c.complaint_id = k.complaint_id
     GROUP BY family, cause_code, responsible_unit
     ORDER BY n DESC, previous DESC, cause_code, responsible_unit`,
    { ...params, previousStart: previousWeeks(week, 1)[0].start },
  );
  const total = rows.reduce((sum, row) => sum + num(row.n), 0);
  let cumulative = 0;
  return rows.map((row) => {
    const count = num(row.n);
    const previousWeek = num(row.previous);
    cumulative += count;
    return {
      family: row.family,
      causeCode: row.cause_code,
      responsibleUnit: row.responsible_unit,
      count,
      share: ratio(count, total),
      cumulativeShare: ratio(cumulative, total),
      previousWeek,
      changeVsPreviousWeek: count - previousWeek,
    };
  });
}

export async function weeklyPack(
  store: AnalyticsStore,
  database: string,
  request: WeeklyPackRequest,
): Promise<WeeklyPack> {
  const week = parseIsoWeek(request.week, request.timeZone ?? DEFAULT_REPORTING_TIME_ZONE);
  const scope: Scope = {
    db: assertIdentifier(database),
    week,
    params: {
      start: week.start,
      end: week.end,
      businessLine: request.businessLine ?? null,
      orgUnit: request.orgUnit ?? null,
    },
  };
  const [volumeKpi, breakdownsKpi, timelinessKpi, overdueKpi, closed, satisfactionKpi, pareto] =
    await Promise.all([
      volume(scope, store),
      breakdowns(scope, store),
      timeliness(scope, store),
      overdueOpen(scope, store),
      closures(scope, store),
      satisfaction(scope, store),
      rootCausePareto(scope, store),
    ]);
  const [escalationKpi, repeatKpi] = await Promise.all([
    escalation(scope, store, volumeKpi.count),
    repeatCustomers(scope, store, volumeKpi.count),
  ]);
  return {
    week: {
      id: week.id,
      timeZone: week.timeZone,
      start: week.start.toISOString(),
      end: week.end.toISOString(),
    },
    filters: { businessLine: request.businessLine ?? null, orgUnit: request.orgUnit ?? null },
    volume: volumeKpi,
    breakdowns: breakdownsKpi,
    timeliness: timelinessKpi,
    overdueOpen: overdueKpi,
    escalation: escalationKpi,
    firstContactResolution: closed.fcr,
    reopen: closed.reopen,
    repeatCustomer: repeatKpi,
    satisfaction: satisfactionKpi,
    followUpRate: rate(satisfactionKpi.followUps, closed.closed),
    rootCausePareto: pareto,
  };
}
