import { InvalidArgumentError, type Command } from 'commander';
import { importModes, type ImportMode } from '../modules/imports/imports.schema.ts';
import { runImport } from '../modules/imports/imports.service.ts';
import { jobProgressBar } from './progress.ts';
import { withContext } from './runtime.ts';

interface ImportCliOptions {
  extractDate: string;
  mode: ImportMode;
  name: string;
  batchSize: number;
  dedup: boolean;
}

/** `tepat import <households> <persons>`: import a DTSEN-style extract (CSV or XLSX) with a progress bar. */
export function registerImportCommand(program: Command) {
  program
    .command('import')
    .description('Import a DTSEN-style extract: a household file and a person file (CSV or XLSX)')
    .argument('<households>', 'household file (.csv or .xlsx)')
    .argument('<persons>', 'person file (.csv or .xlsx; may be the same workbook)')
    .requiredOption('--extract-date <date>', 'date of the extract, YYYY-MM-DD')
    .option('--mode <mode>', `${importModes.join(' or ')}`, mode, 'valid-only')
    .option('--name <name>', 'source name (rows carry import:<name>)', 'dtsen')
    .option('--batch-size <n>', 'households per apply transaction', Number, 5000)
    .option('--no-dedup', 'skip deduplication of the imported persons afterwards')
    .action((households: string, persons: string, options: ImportCliOptions) =>
      withContext(async (ctx) => {
        const bar = jobProgressBar(`import ${options.name}`);
        const run = await runImport(
          ctx.database,
          {
            householdFile: households,
            personFile: persons,
            name: options.name,
            extractDate: options.extractDate,
            mode: options.mode,
            batchSize: options.batchSize,
          },
          {
            deduplicate: options.dedup,
            onProgress: (done, total, message) =>
              bar.update({
                id: 0,
                name: 'import',
                status: 'running',
                progress: done,
                total: total || done,
                message,
                result: null,
                error: null,
              }),
          },
        );
        bar.stop();
        console.log(`Import run ${run.id}: ${run.status}`);
        console.log(JSON.stringify(run.counts, null, 2));
        if (run.status === 'rejected') process.exitCode = 2;
      }),
    );
}

function mode(value: string): ImportMode {
  if (!(importModes as readonly string[]).includes(value))
    throw new InvalidArgumentError(`Use ${importModes.join(' or ')}.`);
  return value as ImportMode;
}
