import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  DirectoryLockedError,
  type EventStore,
  PgliteEventStore,
  PgliteExecutor,
  openLockedPglite,
} from '@app/event-store';
import { ownerOnlyFiles, secureDataDir } from '@app/platform';
import {
  PersonalDataEventStore,
  PgliteKeyStore,
  hmacCustomerPseudonym,
  openPersonalDataEventStore,
} from '@app/privacy';
import { CommandServiceModule } from '../command-service.module';
import { type CommandServiceConfig, loadCommandServiceConfig } from '../config/command-service.config';
import { loadDecisionContext } from '../config/domain-config';
import { InboundBatchIngress } from '../ingress/inbound-batch-ingress.service';
import { type ImportSummary, runCsvImport } from './csv-import';
import { InvalidMappingError, type ImportMapping, parseImportMapping } from './import-mapping';
import { HttpTarget, type ImportTarget, StoreTarget } from './import-target';
import { checkCodes } from './mapping-check';
import { retentionNotice } from './retention-notice';

const USAGE =
  'usage: npm run import -- <export.csv> --mapping <mapping.json> [--report <rejects.csv>] [--check] ' +
  '[--to http://host:port] [--batch <rows>] [--no-progress]\n' +
  '  --check  decide every row and store nothing: what would be imported and refused\n' +
  '  --to     send through a running command service (POST /ingress/batch) with IMPORT_API_KEY (or\n' +
  "           IMPORT_TOKEN): a system credential for the mapping's source system";

/** Exit codes: every row imported; rows rejected (see the report); nothing read (usage, mapping, header). */
export const EXIT = { ok: 0, failed: 1, usage: 2, rowsRejected: 3 } as const;

class UsageError extends Error {}

const options = () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      mapping: { type: 'string' },
      report: { type: 'string' },
      check: { type: 'boolean' },
      to: { type: 'string' },
      batch: { type: 'string' },
      'no-progress': { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file || !values.mapping) throw new UsageError('the export file and --mapping are required');
  const batch = values.batch === undefined ? undefined : Number(values.batch);
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 10_000))
    throw new UsageError('--batch must be a whole number of rows from 1 to 10000');
  if (values.to !== undefined && !/^https?:\/\/[^/]+$/.test(values.to.replace(/\/+$/, '')))
    throw new UsageError('--to must be the service origin, e.g. http://127.0.0.1:3000');
  return {
    file,
    mappingFile: values.mapping,
    reportFile: values.report ?? `${file.replace(/\.csv$/i, '')}.rejects.csv`,
    check: values.check ?? false,
    to: values.to?.replace(/\/+$/, ''),
    batch,
    progress: !values['no-progress'],
  };
};

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidMappingError(`Invalid mapping file ${file}: ${(error as Error).message}`);
  }
};

/** An empty store in memory: what `--check --to` decides against, as for a first import. */
const inMemoryStore = async (config: CommandServiceConfig): Promise<PersonalDataEventStore> => {
  const { db } = await openLockedPglite('memory://');
  const raw = await new PgliteEventStore(new PgliteExecutor(db)).start();
  return new PersonalDataEventStore(raw, await PgliteKeyStore.onPglite(db), {
    customerPseudonym: hmacCustomerPseudonym(config),
  });
};

const credential = (): { apiKey: string } | { token: string } => {
  const apiKey = process.env.IMPORT_API_KEY;
  const token = process.env.IMPORT_TOKEN;
  if (apiKey) return { apiKey };
  if (token) return { token };
  throw new UsageError(
    '--to needs IMPORT_API_KEY (or IMPORT_TOKEN): a system credential for the source system',
  );
};

const lockedHint = (mapping: ImportMapping, error: DirectoryLockedError): string =>
  `${error.message}\nA command service runs on this data directory: stop it, or send the import through ` +
  `it with --to http://<its host:port> and IMPORT_API_KEY set to a system API key for source system ` +
  `'${mapping.sourceSystem}'.`;

const printSummary = (summary: ImportSummary, target: string) => {
  const verb = summary.dryRun ? 'would be' : '';
  console.log(
    `${summary.dryRun ? 'check (nothing stored): ' : ''}rows: ${summary.rows}, ` +
      `imported${summary.dryRun ? ' (would be)' : ''}: ${summary.imported} (already present: ${summary.alreadyPresent}), ` +
      `rejected: ${summary.rejected}, events appended${verb ? ` (${verb})` : ''}: ${summary.eventsAppended}, ` +
      `${Math.round(summary.rows / Math.max(summary.seconds, 0.001))} rows/s, into ${target}`,
  );
  const { PII_RETENTION_DAYS, PII_SWEEP_INTERVAL_MS } = loadCommandServiceConfig();
  console.log(
    retentionNotice(
      summary.closings,
      { retentionDays: PII_RETENTION_DAYS, sweepIntervalMs: PII_SWEEP_INTERVAL_MS },
      new Date(),
      summary.dryRun,
    ),
  );
  console.log(`rejects report: ${summary.reportFile}`);
};

/**
 * `npm run import -- file.csv --mapping mapping.json`: imports another system's export, each row all or
 * nothing, into the configured store (which this process then holds alone) or through a running service.
 */
const main = async (): Promise<number> => {
  ownerOnlyFiles();
  const args = options();
  const mapping = parseImportMapping(readJson(args.mappingFile));
  // The import decides and stores; it neither consumes Kafka nor sweeps retention (that is explicit:
  // the service's sweep or npm run erase-expired).
  const config = loadCommandServiceConfig({ ...process.env, KAFKA_BROKERS: '', PII_SWEEP_INTERVAL_MS: '0' });
  checkCodes(mapping, loadDecisionContext(config));
  if (!args.to) secureDataDir([config.DATA_DIR]);

  let app: INestApplicationContext | undefined;
  let lent: EventStore | undefined;
  try {
    let target: ImportTarget;
    let where: string;
    if (args.to && !args.check) {
      target = new HttpTarget(args.to, credential(), (message) => console.error(message));
      where = args.to;
    } else {
      // Opened here, not by the module: a store another process holds is refused once, with its pid.
      lent = args.to ? await inMemoryStore(config) : await openPersonalDataEventStore(config);
      app = await NestFactory.createApplicationContext(
        CommandServiceModule.register({ config: { ...config, KAFKA_BROKERS: undefined }, eventStore: lent }),
        { logger: ['error', 'warn'], abortOnError: false },
      );
      target = new StoreTarget(app.get(InboundBatchIngress), args.check);
      where = args.to ? 'an empty store (--check with --to)' : `the ${config.EVENT_STORE} event store`;
    }
    const summary = await runCsvImport({
      file: args.file,
      mapping,
      dayZone: config.REPORTING_TIME_ZONE,
      reportFile: args.reportFile,
      target,
      progress: args.progress,
      batchRows: args.batch,
    });
    printSummary(summary, where);
    return summary.rejected > 0 ? EXIT.rowsRejected : EXIT.ok;
  } catch (error) {
    if (error instanceof DirectoryLockedError) {
      console.error(lockedHint(mapping, error));
      return EXIT.failed;
    }
    throw error;
  } finally {
    await app?.close();
    await lent?.close();
  }
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const expected = error instanceof UsageError || error instanceof InvalidMappingError;
    console.error(error instanceof Error ? error.message : error);
    if (error instanceof UsageError) console.error(USAGE);
    process.exitCode = expected ? EXIT.usage : EXIT.failed;
  },
);
