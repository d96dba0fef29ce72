import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { demoUsers, ensureDemoUsers } from '../access/access.demo.ts';
import {
  insertTestRegions,
  loginAs,
  request,
  type TestApp,
  type TestSession,
} from '../access/access.test-support.ts';

const password = 'api-clients-password';

interface ClientView {
  id: number;
  name: string;
  scopes: string[];
  regionCode: string;
  revokedAt: string | null;
  keys: { keyId: string; revokedAt: string | null }[];
}

describeEachDatabase(
  'API clients managed from the web',
  (env) => {
    let app: TestApp;
    let secretariat: TestSession;
    const db = () => env().ctx.database.db;
    const feedWith = (token: string) =>
      app.request('/api/interop/feed/changes', { headers: { authorization: `Bearer ${token}` } });
    const audits = (id: number) =>
      queryRows<{ action: string; purpose: string; role: string; details: Record<string, unknown> }>(
        db(),
        sql`SELECT action, purpose, actor_role AS role, details FROM audit_log
            WHERE subject_type = 'api_client' AND subject_id = ${String(id)} ORDER BY id`,
      );

    beforeAll(async () => {
      app = createApp(env().ctx);
      secretariat = await loginAs(app, 'sekretariat', password);
    });

    it('the secretariat creates a client (token shown once), adds and revokes a key, revokes the client; all audited', async () => {
      const created = await request(app, 'POST', '/api-clients', {
        session: secretariat,
        body: { name: 'dinsos-jakut', scopes: ['feed:read', 'dci:search'], regionCode: '31.72' },
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const { client, token } = (await created.json()) as { client: ClientView; token: string };
      expect(token).toMatch(new RegExp(`^tpc_${client.id}_[A-Za-z0-9_-]{43}$`));
      expect(client).toMatchObject({ name: 'dinsos-jakut', regionCode: '31.72', revokedAt: null, keys: [] });
      expect((await feedWith(token)).status).toBe(200);

      const listed = await request(app, 'GET', '/api-clients', { session: secretariat });
      const listText = await listed.text();
      expect(listed.status).toBe(200);
      // The secret is base64url and may hold `_` itself: everything after the id's underscore.
      expect(listText).not.toContain(token.slice(`tpc_${client.id}_`.length));
      expect(listText).not.toMatch(/secret/i);
      const list = JSON.parse(listText) as { clients: ClientView[]; scopes: string[] };
      expect(list.clients.find((c) => c.id === client.id)?.scopes).toEqual(['feed:read', 'dci:search']);
      expect(list.scopes).toEqual(['dci:search', 'dci:subscribe', 'feed:read']);

      const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' });
      const keyed = await request(app, 'POST', `/api-clients/${client.id}/keys`, {
        session: secretariat,
        body: { keyId: 'k1', publicKey },
      });
      expect(keyed.status, await keyed.clone().text()).toBe(201);
      expect(((await keyed.json()) as ClientView).keys).toMatchObject([{ keyId: 'k1', revokedAt: null }]);
      const again = await request(app, 'POST', `/api-clients/${client.id}/keys`, {
        session: secretariat,
        body: { keyId: 'k1', publicKey },
      });
      expect(again.status).toBe(400);
      const notAKey = await request(app, 'POST', `/api-clients/${client.id}/keys`, {
        session: secretariat,
        body: { keyId: 'k2', publicKey: 'not a key' },
      });
      expect(notAKey.status).toBe(400);

      const keyRevoked = await request(app, 'POST', `/api-clients/${client.id}/keys/k1/revoke`, {
        session: secretariat,
      });
      expect(keyRevoked.status).toBe(200);
      expect(((await keyRevoked.json()) as ClientView).keys[0]!.revokedAt).not.toBeNull();
      expect(
        (await request(app, 'POST', `/api-clients/${client.id}/keys/k1/revoke`, { session: secretariat }))
          .status,
      ).toBe(404);

      const revoked = await request(app, 'POST', `/api-clients/${client.id}/revoke`, {
        session: secretariat,
      });
      expect(revoked.status).toBe(200);
      expect(((await revoked.json()) as ClientView).revokedAt).not.toBeNull();
      expect((await feedWith(token)).status).toBe(401);
      expect(
        (await request(app, 'POST', `/api-clients/${client.id}/revoke`, { session: secretariat })).status,
      ).toBe(409);

      expect(await audits(client.id)).toEqual([
        {
          action: 'create',
          purpose: 'API client created',
          role: 'secretariat',
          details: { name: 'dinsos-jakut', scopes: ['feed:read', 'dci:search'] },
        },
        {
          action: 'update',
          purpose: 'API client signature key added',
          role: 'secretariat',
          details: { keyId: 'k1' },
        },
        {
          action: 'update',
          purpose: 'API client signature key revoked',
          role: 'secretariat',
          details: { keyId: 'k1' },
        },
        {
          action: 'update',
          purpose: 'API client revoked',
          role: 'secretariat',
          details: { name: 'dinsos-jakut', revoked: true },
        },
      ]);
    });

    it('refuses bad input with the field named, and a name already taken', async () => {
      const unknownArea = await request(app, 'POST', '/api-clients', {
        session: secretariat,
        body: { name: 'bpjs', scopes: ['dci:search'], regionCode: '31.99' },
      });
      expect(unknownArea.status).toBe(400);
      expect(((await unknownArea.json()) as { error: { message: string } }).error.message).toBe(
        'No region 31.99.',
      );
      const noScope = await request(app, 'POST', '/api-clients', {
        session: secretariat,
        body: { name: 'bpjs', scopes: [], regionCode: '31' },
      });
      expect(noScope.status).toBe(400);
      const first = await request(app, 'POST', '/api-clients', {
        session: secretariat,
        body: { name: 'bpjs', scopes: ['dci:search'], regionCode: '31' },
      });
      expect(first.status).toBe(201);
      const taken = await request(app, 'POST', '/api-clients', {
        session: secretariat,
        body: { name: 'bpjs', scopes: ['feed:read'], regionCode: '31' },
      });
      expect(taken.status).toBe(400);
      // The error's own message names the problem (the web page shows it), and so does the field's issue.
      const refused = (await taken.json()) as {
        error: { message: string; details: { issues: { path: string; reason: string }[] } };
      };
      expect(refused.error.message).toBe('An API client is named bpjs already.');
      expect(refused.error.details.issues).toMatchObject([{ path: 'name', reason: 'taken' }]);
      expect(
        (await request(app, 'POST', '/api-clients/999999/revoke', { session: secretariat })).status,
      ).toBe(404);
    });

    it('every other role is refused, and nothing changes', async () => {
      const [before] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM api_client`);
      const [target] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id FROM api_client WHERE revoked_at IS NULL ORDER BY id LIMIT 1`,
      );
      for (const user of demoUsers.filter((u) => u.username !== 'sekretariat')) {
        const session = await loginAs(app, user.username, password);
        expect((await request(app, 'GET', '/api-clients', { session })).status, user.username).toBe(403);
        const created = await request(app, 'POST', '/api-clients', {
          session,
          body: { name: `x-${user.role}`, scopes: ['feed:read'], regionCode: '31' },
        });
        expect(created.status, user.username).toBe(403);
        const revoked = await request(app, 'POST', `/api-clients/${target!.id}/revoke`, { session });
        expect(revoked.status, user.username).toBe(403);
      }
      expect((await request(app, 'GET', '/api-clients')).status).toBe(401);
      const [after] = await queryRows<{ n: number; revoked: boolean }>(
        db(),
        sql`SELECT count(*)::int AS n, bool_or(revoked_at IS NOT NULL AND id = ${target!.id}) AS revoked
            FROM api_client`,
      );
      expect(after).toEqual({ n: before!.n, revoked: false });
    });
  },
  async ({ ctx }) => {
    await insertTestRegions(ctx.database.db);
    await ensureDemoUsers(ctx.database.db, password);
  },
);
