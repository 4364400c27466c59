import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { SingleBar } from 'cli-progress';
import { parse } from 'csv-parse';
import { type ImportMapping } from './import-mapping';
import { type ImportTarget, type RowOutcome } from './import-target';
import { checkHeader } from './mapping-check';
import { type CsvRow, type RowHistory, type RowProblem, compileRowHistory } from './row-history';

export type ImportSummary = {
  rows: number;
  /** Rows whose whole history is stored (newly, in part, or already by an earlier run). */
  imported: number;
  /** Of those, rows of which nothing was new. */
  alreadyPresent: number;
  rejected: number;
  /** Events appended by this run (or that would be, in a dry run); 0 when the file was imported before. */
  eventsAppended: number;
  /** Closing instants of the imported complaints that are closed, for the retention report. */
  closings: string[];
  reportFile: string;
  dryRun: boolean;
  seconds: number;
};

export const REJECTS_HEADER = 'row,externalId,step,column,value,field,reason,code';

const csvField = (value: string | number | undefined): string => {
  const text = String(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

type Pending = { line: number; history: Extract<RowHistory, { ok: true }> };

/** Rows per batch sent to the target: one decision and one append for them all. */
export const DEFAULT_BATCH_ROWS = 500;

/**
 * Streams the export row by row: the header is checked against the mapping before the first row, each
 * row becomes its history (or its problems), and whole rows go to the target in batches, each row all or
 * nothing. A refused row goes to the rejects report (row, external id, step, the CSV column and its text,
 * field, reason, code) while the other rows go on.
 */
export const runCsvImport = async (options: {
  file: string;
  mapping: ImportMapping;
  /** Where a calendar day without a time is placed: the reporting zone. */
  dayZone: string;
  reportFile: string;
  target: ImportTarget;
  progress?: boolean;
  batchRows?: number;
}): Promise<ImportSummary> => {
  const started = Date.now();
  const summary: ImportSummary = {
    rows: 0,
    imported: 0,
    alreadyPresent: 0,
    rejected: 0,
    eventsAppended: 0,
    closings: [],
    reportFile: options.reportFile,
    dryRun: options.target.dryRun,
    seconds: 0,
  };
  const historyOf = compileRowHistory(options.mapping, options.dayZone);
  const report = createWriteStream(options.reportFile, 'utf8');
  report.write(`${REJECTS_HEADER}\n`);
  const reject = (line: number, externalId: string | undefined, step: string, problems: RowProblem[]) => {
    summary.rejected += 1;
    for (const p of problems)
      report.write(
        [line, externalId, step, p.column, p.value, p.field, p.reason, p.code].map(csvField).join(',') + '\n',
      );
  };

  const bar = options.progress
    ? new SingleBar({
        format:
          'import [{bar}] {percentage}% | {rows} rows | {rejected} rejected | {rate} rows/s | {eta_formatted}',
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 1000,
      })
    : undefined;
  bar?.start(statSync(options.file).size, 0, { rows: 0, rejected: 0, rate: 0 });
  const progress = (bytes: number) =>
    bar?.update(bytes, {
      rows: summary.rows,
      rejected: summary.rejected,
      rate: Math.round(summary.rows / Math.max(0.001, (Date.now() - started) / 1000)),
    });

  const settle = (pending: Pending, outcome: RowOutcome) => {
    const { history, line } = pending;
    if (outcome.status === 'rejected') {
      const { index, problems } = outcome.refused;
      const step = history.steps[index];
      reject(
        line,
        history.externalId,
        step?.step ?? 'received',
        problems.map((problem) => ({
          ...(step?.origins[problem.field] ?? step?.origins.occurredAt),
          ...problem,
        })),
      );
      return;
    }
    summary.imported += 1;
    summary.eventsAppended += outcome.eventsAppended;
    if (outcome.eventsAppended === 0) summary.alreadyPresent += 1;
    if (history.closedAt) summary.closings.push(history.closedAt);
  };

  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  let pending: Pending[] = [];
  // A complaint appears once per batch; a repeated row goes into the next, decided on the first's result.
  let pendingIds = new Set<string>();
  // One batch may still be appending while the next is decided (the database works while this process
  // decides); a batch naming a complaint of the one in flight waits for it.
  let inFlight: { done: Promise<void>; ids: Set<string> } | undefined;
  const send = async (batch: Pending[]) => {
    const outcomes = await options.target.send(
      batch.map(({ history }) => history.steps.map((s) => s.message)),
    );
    for (const [i, outcome] of outcomes.entries()) settle(batch[i]!, outcome);
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    const ids = pendingIds;
    pending = [];
    pendingIds = new Set();
    const previous = inFlight;
    if (previous && [...ids].some((id) => previous.ids.has(id))) await previous.done;
    const done = send(batch);
    // Awaited below or at the end; until then its failure must not count as unhandled.
    done.catch(() => undefined);
    inFlight = { done, ids };
    // At most two batches at a time: this one, and the one before it finishing.
    await previous?.done;
  };

  const parser = createReadStream(options.file).pipe(
    parse({
      columns: (header: string[]) => {
        checkHeader(options.mapping, header);
        return header.map((name) => name.trim());
      },
      bom: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: true,
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: CsvRow;
      info: { lines: number; bytes: number };
    }>) {
      summary.rows += 1;
      const history = historyOf(record);
      if (!history.ok) reject(info.lines, history.externalId, 'mapping', history.problems);
      else {
        if (pendingIds.has(history.externalId)) await flush();
        pending.push({ line: info.lines, history });
        pendingIds.add(history.externalId);
      }
      if (pending.length >= batchRows) {
        await flush();
        progress(info.bytes);
      }
    }
    await flush();
    await inFlight?.done;
    progress(statSync(options.file).size);
  } finally {
    // A failure leaves no batch running behind it.
    await inFlight?.done.catch(() => undefined);
    bar?.stop();
    report.end();
    await once(report, 'close');
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
};
