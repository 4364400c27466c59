import { parseArgs } from 'node:util';
import { DirectoryLockedError } from '@app/event-store';
import { ownerOnlyFiles, secureDataDir } from '@app/platform';
import { RetentionSweeper, openPersonalDataEventStore } from '@app/privacy';
import { loadCommandServiceConfig } from '../config/command-service.config';
import { systemClock } from '../shared/ids';

const USAGE = 'usage: npm run erase-expired [-- --retention-days=N]';

/**
 * `npm run erase-expired`: one retention sweep over the configured store (same variables as the
 * command service), with its progress on the console: the personal data of every complaint closed
 * longer than PII_RETENTION_DAYS ago is erased by deleting its key. Runs beside a running service.
 */
const main = async () => {
  ownerOnlyFiles();
  const { values } = parseArgs({ options: { 'retention-days': { type: 'string' } } });
  const config = loadCommandServiceConfig({
    ...process.env,
    ...(values['retention-days'] === undefined ? {} : { PII_RETENTION_DAYS: values['retention-days'] }),
  });
  secureDataDir([config.DATA_DIR]);
  const store = await openPersonalDataEventStore(config);
  try {
    const sweeper = new RetentionSweeper(store.keys, systemClock, {
      retentionDays: config.PII_RETENTION_DAYS,
      batchSize: config.PII_SWEEP_BATCH_SIZE,
      log: (message) => console.log(message),
    });
    const report = await sweeper.sweep();
    console.log(`erased: ${report.erased} complaints, cutoff: ${report.cutoff}`);
  } finally {
    await store.close();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (!(error instanceof DirectoryLockedError)) console.error(USAGE);
  process.exit(1);
});
