/**
 * Child process of the kill-and-resume test: runs one import against the database named in the environment and
 * kills itself (SIGKILL, no clean-up) after TEPAT_IMPORT_KILL_AFTER_BATCHES committed batches.
 */
import { openDatabase } from '../../src/db/client.ts';
import { runImport } from '../../src/modules/imports/imports.service.ts';

const env = process.env;
const database = await openDatabase(
  env.CHILD_DATABASE_URL ? { url: env.CHILD_DATABASE_URL } : { dataDir: env.CHILD_DATA_DIR! },
);
const killAfter = Number(env.TEPAT_IMPORT_KILL_AFTER_BATCHES ?? '0');
await runImport(
  database,
  {
    householdFile: env.CHILD_HOUSEHOLD_FILE!,
    personFile: env.CHILD_PERSON_FILE!,
    name: env.CHILD_NAME!,
    extractDate: env.CHILD_EXTRACT_DATE!,
    mode: 'valid-only',
    batchSize: Number(env.CHILD_BATCH_SIZE ?? '5'),
  },
  {
    onBatchCommitted: (batches) => {
      if (killAfter > 0 && batches >= killAfter) process.kill(process.pid, 'SIGKILL');
    },
  },
);
await database.close();
