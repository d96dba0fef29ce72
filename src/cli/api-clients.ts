import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  addApiClientKey,
  createApiClient,
  listApiClients,
  revokeApiClient,
  revokeApiClientKey,
} from '../modules/interop/interop.clients.ts';
import { apiScopes } from '../modules/interop/interop.schema.ts';
import { withContext } from './runtime.ts';

/**
 * `tepat api-clients create`: an interop API client; its token is printed once and never stored. `list` and
 * `revoke` (its token is refused from then on). `add-key` / `revoke-key`: the client's Ed25519 keys for DCI
 * message signatures. The web page `/api-clients` does the same for the secretariat, audited.
 */
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
  clients
    .command('list')
    .description('List the API clients: scopes, area, keys, revoked or not')
    .action(async () => {
      const list = await withContext((ctx) => listApiClients(ctx.database.db));
      for (const c of list) {
        const keys = c.keys.map((k) => `${k.keyId}${k.revokedAt ? ' (revoked)' : ''}`).join(', ') || 'none';
        console.log(
          `${c.id}\t${c.name}\t${c.scopes.join(',')}\t${c.regionCode}\t${c.revokedAt ? `revoked ${c.revokedAt}` : 'active'}\tkeys: ${keys}`,
        );
      }
    });
  clients
    .command('revoke')
    .description('Revoke an API client: its token is refused from now on')
    .requiredOption('--client <id>', 'the API client id')
    .action(async (options: { client: string }) => {
      const revoked = await withContext((ctx) => revokeApiClient(ctx.database.db, Number(options.client)));
      console.log(
        revoked
          ? `API client ${options.client} revoked.`
          : `API client ${options.client} was revoked already.`,
      );
      if (!revoked) process.exitCode = 1;
    });
  clients
    .command('add-key')
    .description('Register an Ed25519 public key of a client: from then on its DCI requests must be signed')
    .requiredOption('--client <id>', 'the API client id')
    .requiredOption('--key-id <keyId>', 'the key id the client names in its signatures (kidId)')
    .requiredOption(
      '--public-key <file>',
      'the public key: a PEM file, or a file holding base64 of its 32 bytes',
    )
    .action(async (options: { client: string; keyId: string; publicKey: string }) => {
      const publicKey = readFileSync(options.publicKey, 'utf8');
      await withContext((ctx) =>
        addApiClientKey(ctx.database.db, Number(options.client), { keyId: options.keyId, publicKey }),
      );
      console.log(`Key ${options.keyId} registered for API client ${options.client}.`);
    });
  clients
    .command('revoke-key')
    .description('Revoke a client key: signatures made with it are refused from now on')
    .requiredOption('--client <id>', 'the API client id')
    .requiredOption('--key-id <keyId>', 'the key id')
    .action(async (options: { client: string; keyId: string }) => {
      const revoked = await withContext((ctx) =>
        revokeApiClientKey(ctx.database.db, Number(options.client), options.keyId),
      );
      console.log(
        revoked
          ? `Key ${options.keyId} of API client ${options.client} revoked.`
          : `API client ${options.client} has no active key ${options.keyId}.`,
      );
      if (!revoked) process.exitCode = 1;
    });
}
