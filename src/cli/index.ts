import { Command } from 'commander';
import { registerDedupCommand } from './dedup.ts';
import { registerApiClientsCommand } from './api-clients.ts';
import { registerImportCommand } from './import.ts';
import { registerMigrateCommand } from './migrate.ts';
import { registerRecomputeCommand } from './recompute.ts';
import { registerRegionsCommand } from './regions.ts';
import { registerSeedCommand } from './seed.ts';
import { registerServeCommands } from './serve.ts';
import { registerUsersCommand } from './users.ts';

const program = new Command('tepat')
  .description('Tepat: the TKPK DKI Jakarta socio-economic registry')
  .showHelpAfterError();
registerServeCommands(program);
registerMigrateCommand(program);
registerRegionsCommand(program);
registerSeedCommand(program);
registerDedupCommand(program);
registerRecomputeCommand(program);
registerUsersCommand(program);
registerImportCommand(program);
registerApiClientsCommand(program);

await program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
