import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { SingleBar } from 'cli-progress';
import { parse } from 'csv-parse';
import { type InboundProblem } from '@app/messaging/inbound/inbound-message';
import { type InboundIngress } from '../ingress/inbound-ingress.service';
import { type ImportMapping } from './import-mapping';
import { type CsvRow, rowHistory } from './row-history';

export type ImportSummary = {
  rows: number;
  /** Rows whose whole history is stored (newly, or already by an earlier run). */
  imported: number;
  rejected: number;
  /** Steps appended by this run; 0 when the file was imported before. */
  stepsAppended: number;
  stepsAlreadyPresent: number;
  reportFile: string;
};

const csvField = (value: string | number | undefined): string => {
  const text = String(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * Streams the export row by row through the shared ingress path, in file order. A row stops at its
 * first refused step; it and its reasons go to the rejects report (row, external id, step, field,
 * reason, code), while the other rows go on.
 */
export const runCsvImport = async (options: {
  file: string;
  mapping: ImportMapping;
  reportFile: string;
  ingress: InboundIngress;
  progress?: boolean;
}): Promise<ImportSummary> => {
  const summary: ImportSummary = {
    rows: 0,
    imported: 0,
    rejected: 0,
    stepsAppended: 0,
    stepsAlreadyPresent: 0,
    reportFile: options.reportFile,
  };
  const report = createWriteStream(options.reportFile, 'utf8');
  report.write('row,externalId,step,field,reason,code\n');
  const reject = (row: number, externalId: string | undefined, step: string, problems: InboundProblem[]) => {
    summary.rejected += 1;
    for (const p of problems)
      report.write([row, externalId, step, p.field, p.reason, p.code].map(csvField).join(',') + '\n');
  };

  const bar = options.progress
    ? new SingleBar({
        format: 'import [{bar}] {percentage}% | {rows} rows | {rejected} rejected',
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 1000,
      })
    : undefined;
  bar?.start(statSync(options.file).size, 0, { rows: 0, rejected: 0 });

  const parser = createReadStream(options.file).pipe(
    parse({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
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
      const history = rowHistory(record, options.mapping);
      if (!history.ok) reject(info.lines, history.externalId, 'mapping', history.problems);
      else {
        let refused = false;
        for (const step of history.steps) {
          const result = await options.ingress.handleJson(step.message);
          if (result.status === 'rejected') {
            reject(info.lines, history.externalId, step.step, result.problems);
            refused = true;
            break;
          }
          if (result.status === 'accepted') summary.stepsAppended += 1;
          else summary.stepsAlreadyPresent += 1;
        }
        if (!refused) summary.imported += 1;
      }
      bar?.update(info.bytes, { rows: summary.rows, rejected: summary.rejected });
    }
  } finally {
    bar?.stop();
    report.end();
    await once(report, 'close');
  }
  return summary;
};
