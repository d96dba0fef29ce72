import type { Command } from 'commander';
import { createApiClient } from '../modules/interop/interop.clients.ts';
import { apiScopes } from '../modules/interop/interop.schema.ts';
import { withContext } from './runtime.ts';

/** `tepat api-clients create`: an interop API client; its token is printed once and never stored. */
export function registerApiClientsCommand(program: Command): void {
  const clients = program
    .command('api-clients')
    .description('Machine clients of the DCI API and change feed');
  clients
    .command('create')
    .description('Create an API client and print its bearer token (shown once)')
    .requiredOption('--name <name>', 'unique client name, e.g. dinsos-jakut')
    .requiredOption('--scopes <scopes>', `comma-separated: ${apiScopes.join(', ')}`)
    .requiredOption('--area <code>', 'Kemendagri code of the area it may read, e.g. 31.72')
    .action(async (options: { name: string; scopes: string; area: string }) => {
      const { client, token } = await withContext((ctx) =>
        createApiClient(ctx.database.db, {
          name: options.name,
          scopes: options.scopes
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          regionCode: options.area,
        }),
      );
      console.log(
        `API client ${client.name} (id ${client.id}), scopes ${client.scopes.join(', ')}, area ${client.regionCode}`,
      );
      console.log('Token (shown once; send as `Authorization: Bearer <token>`):');
      console.log(token);
    });
}
