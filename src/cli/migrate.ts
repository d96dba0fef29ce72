import type { Command } from 'commander';
import { withContext } from './runtime.ts';

export function registerMigrateCommand(program: Command) {
  program
    .command('migrate')
    .description('Apply the database migrations (PGlite in TEPAT_DATA_DIR, or DATABASE_URL)')
    .action(() =>
      withContext((ctx) => {
        ctx.logger.info('migrations applied');
        return Promise.resolve();
      }),
    );
}
