import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { ownerOnlyFiles, secureDataDir } from '@app/platform';
import { CommandServiceModule } from '../command-service.module';
import { loadCommandServiceConfig } from '../config/command-service.config';
import { InboundIngress } from '../ingress/inbound-ingress.service';
import { runCsvImport } from './csv-import';
import { parseImportMapping } from './import-mapping';

const USAGE = 'usage: npm run import -- <export.csv> --mapping <mapping.json> [--report <rejects.csv>]';

/** `npm run import -- file.csv --mapping mapping.json`: imports another system's export into the store. */
const main = async () => {
  ownerOnlyFiles();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { mapping: { type: 'string' }, report: { type: 'string' }, 'no-progress': { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file || !values.mapping) {
    console.error(USAGE);
    process.exit(2);
  }
  const mapping = parseImportMapping(JSON.parse(readFileSync(values.mapping, 'utf8')));
  // The import writes to the configured store directly; it does not consume Kafka itself.
  const config = loadCommandServiceConfig({ ...process.env, KAFKA_BROKERS: '' });
  secureDataDir([config.DATA_DIR]);
  const app = await NestFactory.createApplicationContext(
    CommandServiceModule.register({ config: { ...config, KAFKA_BROKERS: undefined } }),
    { logger: ['error', 'warn'] },
  );
  try {
    const summary = await runCsvImport({
      file,
      mapping,
      reportFile: values.report ?? `${file.replace(/\.csv$/i, '')}.rejects.csv`,
      ingress: app.get(InboundIngress),
      progress: !values['no-progress'],
    });
    console.log(
      `rows: ${summary.rows}, imported: ${summary.imported}, rejected: ${summary.rejected}, ` +
        `steps appended: ${summary.stepsAppended}, already present: ${summary.stepsAlreadyPresent}`,
    );
    console.log(`rejects report: ${summary.reportFile}`);
  } finally {
    await app.close();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
