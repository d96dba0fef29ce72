import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { auditLog } from '../audit/audit.schema.ts';
import { apiClient, dciOutbox, dciSubscription, registryEvent } from './interop.schema.ts';
import {
  gambir,
  householdBody,
  insertRegistryTestRegions,
  insertRegistryTestUsers,
  kamalMuara,
  penjaringan,
  testUsers,
  createTestApp,
  type TestApp as RegistryApp,
} from '../registry/registry.test-support.ts';
import { householdWelfare, pmtModel, welfareSnapshot } from '../welfare/welfare.schema.ts';
import {
  Ack,
  NotifyEnvelope,
  OnSearchEnvelope,
  OnSubscribeEnvelope,
  OnTxnStatusEnvelope,
  OnUnsubscribeEnvelope,
  SearchEnvelope,
  SubscribeEnvelope,
  UnsubscribeEnvelope,
} from './dci.schemas.ts';
import { RegistrySigner, SignatureError, verifyRequestSignature } from './dci.signature.ts';
import { addApiClientKey, createApiClient, revokeApiClientKey } from './interop.clients.ts';
import { decodeCursor, feedHorizon, readFeed } from './interop.feed.ts';
import { deliverOutbox, dispatchNotifications } from './interop.subscriptions.ts';

type App = ReturnType<typeof createApp>;

/**
 * Checks an answer's signature as a client would: against the key the registry publishes in its JWK set. Returns
 * 'valid', or the reason it was refused.
 */
async function answerSignature(
  app: App,
  answer: { signature?: string; header: { sender_id?: string }; message: unknown },
) {
  const jwks = (await (await app.request('/api/interop/.well-known/jwks.json')).json()) as {
    keys: { kid: string; kty: string; crv: string; x: string }[];
  };
  const keys = jwks.keys.map((k) => ({
    keyId: k.kid,
    publicKey: createPublicKey({ key: k, format: 'jwk' }),
  }));
  try {
    verifyRequestSignature(answer.signature ?? '', answer, keys);
    return 'valid';
  } catch (error) {
    if (error instanceof SignatureError) return error.message;
    throw error;
  }
}

/** A local HTTP receiver standing in for a client system: answers 500 to the first `failFirst` requests. */
async function startReceiver(failFirst = 0) {
  const received: { path: string; body: unknown }[] = [];
  let calls = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls++;
      if (calls <= failFirst) {
        res.writeHead(500).end();
        return;
      }
      received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":{"ack_status":"ACK"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, calls: () => calls, close: () => new Promise((r) => server.close(r)) };
}

const header = (action: string, extra: Record<string, unknown> = {}) => ({
  version: '1.0.0',
  message_id: `msg-${Math.random()}`,
  message_ts: new Date().toISOString(),
  action,
  sender_id: 'dinsos.spmis',
  receiver_id: 'tepat.jakarta',
  total_count: 1,
  is_msg_encrypted: false,
  ...extra,
});

function searchBody(criteria: unknown[], extra: Record<string, unknown> = {}, transactionId = 'txn-1') {
  return {
    header: header('search', extra),
    message: {
      transaction_id: transactionId,
      search_request: criteria.map((c, i) => ({
        reference_id: `ref-${i + 1}`,
        timestamp: new Date().toISOString(),
        search_criteria: c,
      })),
    },
  };
}

const byNik = (nik: string) => ({
  reg_type: 'ns:org:RegistryType:Social',
  query_type: 'idtype-value',
  query: { type: 'NIK', value: nik },
});

function call(app: App, token: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return app.request(`/api/interop${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Registers a household through the registry's write path; returns its id and head NIK. */
async function register(registry: RegistryApp, kk: string, kelurahan: string) {
  const body = householdBody(kk, kelurahan);
  const response = await registry.call(testUsers.secretariat, 'POST', '/households', body);
  if (response.status !== 201) throw new Error(`register ${kk}: ${response.status} ${await response.text()}`);
  const { householdId } = (await response.json()) as { householdId: number };
  return { id: householdId, headNik: body.members[0]!.nik };
}

describeEachDatabase('interop: DCI social registry API and change feed', (env) => {
  let app: App;
  let db: Db;
  let registry: RegistryApp;
  let north: string; // client of Jakarta Utara with every scope
  let searchOnly: string; // client of the province with dci:search only
  const hh: Record<string, { id: number; headNik: string }> = {};

  beforeAll(async () => {
    db = env().ctx.database.db;
    app = createApp(env().ctx);
    await insertRegistryTestRegions(db);
    await insertRegistryTestUsers(db);
    registry = createTestApp(env().ctx);
    // Gambir (Jakarta Pusat): 2 households; Penjaringan and Kamal Muara (Jakarta Utara): 5.
    hh.g1 = await register(registry, '3171010101250101', gambir);
    hh.g2 = await register(registry, '3171010101250102', gambir);
    hh.p1 = await register(registry, '3172010101250103', penjaringan);
    hh.p2 = await register(registry, '3172010101250104', penjaringan);
    hh.p3 = await register(registry, '3172010101250105', penjaringan);
    hh.k1 = await register(registry, '3172010101250106', kamalMuara);
    hh.k2 = await register(registry, '3172010101250107', kamalMuara);
    const [model] = await db
      .insert(pmtModel)
      .values({
        version: 'interop-test',
        description: 't',
        intercept: 13,
        coefficients: {},
        extremePovertyLine: '350000',
        calibratedFrom: 't',
      })
      .returning();
    const [snap] = await db
      .insert(welfareSnapshot)
      .values({ modelId: model!.id, snapshotDate: '2026-01-01', householdCount: 7 })
      .returning();
    const desil: Record<string, number> = { g1: 1, g2: 2, p1: 1, p2: 4, p3: 2, k1: 3, k2: 9 };
    await db.insert(householdWelfare).values(
      Object.entries(desil).map(([k, d]) => ({
        snapshotId: snap!.id,
        householdId: hh[k]!.id,
        score: 12 + d / 10,
        desil: d,
        isExtremePoor: d === 1,
      })),
    );
    north = (
      await createApiClient(db, {
        name: 'dinsos-utara',
        scopes: ['dci:search', 'dci:subscribe', 'feed:read'],
        regionCode: '31.72',
      })
    ).token;
    searchOnly = (await createApiClient(db, { name: 'bpjs', scopes: ['dci:search'], regionCode: '31' }))
      .token;
  });

  describe('API clients', () => {
    it('refuses a missing, malformed, wrong or revoked token (401) and a missing scope (403)', async () => {
      expect((await call(app, null, 'GET', '/feed/changes')).status).toBe(401);
      expect((await call(app, 'nonsense', 'GET', '/feed/changes')).status).toBe(401);
      const wrong = north.slice(0, -4) + (north.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await call(app, wrong, 'GET', '/feed/changes')).status).toBe(401);
      const forbidden = await call(app, searchOnly, 'GET', '/feed/changes');
      expect(forbidden.status).toBe(403);
      expect(((await forbidden.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      const { client, token } = await createApiClient(db, {
        name: 'revoked',
        scopes: ['feed:read'],
        regionCode: '31',
      });
      expect((await call(app, token, 'GET', '/feed/changes')).status).toBe(200);
      await db.update(apiClient).set({ revokedAt: new Date() }).where(eq(apiClient.id, client.id));
      expect((await call(app, token, 'GET', '/feed/changes')).status).toBe(401);
    });

    it('stores only a hash of the secret', async () => {
      const rows = await db.select().from(apiClient).where(eq(apiClient.name, 'dinsos-utara'));
      expect(rows[0]!.secretHash).toMatch(/^[0-9a-f]{64}$/);
      expect(north).not.toContain(rows[0]!.secretHash);
    });
  });

  describe('message signatures', () => {
    it('asks a client with a key to sign, accepts its signature, and refuses a changed body or a revoked key', async () => {
      const { client, token } = await createApiClient(db, {
        name: 'signing-client',
        scopes: ['dci:search'],
        regionCode: '31.72',
      });
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const signer = new RegistrySigner(privateKey, 'dinsos.spmis'); // the client's own signing, same format
      const body = () => searchBody([byNik(hh.p1!.headNik)], {}, 'signed-1');
      // Before a key is registered, an unsigned request is answered.
      expect((await call(app, token, 'POST', '/registry/sync/search', body())).status).toBe(200);
      await addApiClientKey(db, client.id, {
        keyId: signer.keyId,
        publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      });
      const refusalOf = async (payload: unknown) => {
        const res = await call(app, token, 'POST', '/registry/sync/search', payload);
        expect(res.status).toBe(401);
        const ack = Ack.parse(await res.json());
        expect(ack.message.ack_status).toBe('ERR');
        return [ack.message.error!.code, ack.message.error!.message];
      };
      expect(await refusalOf(body())).toEqual([
        'err.signature.missing',
        'This client has a registered signing key: sign the request (envelope `signature`).',
      ]);
      const signed = signer.sign(body());
      const res = await call(app, token, 'POST', '/registry/sync/search', signed);
      expect(res.status).toBe(200);
      const answer = OnSearchEnvelope.parse(await res.json());
      expect(answer.message.search_response[0]!.status).toBe('succ');
      expect(await answerSignature(app, answer)).toBe('valid');
      // The answer's signature covers its message: a changed answer does not verify.
      const altered = { ...answer, message: { ...answer.message, transaction_id: 'other' } };
      expect(await answerSignature(app, altered)).toBe(
        'The signature does not match the header and message.',
      );
      // A field the schema does not know is still signed: adding one after signing breaks the signature.
      const extended = { ...signed, message: { ...signed.message, note: 'added later' } };
      expect(await refusalOf(extended)).toEqual([
        'err.signature.invalid',
        'The signature does not match the header and message.',
      ]);
      expect(await revokeApiClientKey(db, client.id, signer.keyId)).toBe(true);
      expect(await refusalOf(signer.sign(body()))).toEqual([
        'err.signature.invalid',
        `No active signing key ${signer.keyId} is registered for this client.`,
      ]);
    });

    it('refuses a key that is not Ed25519, and a key id given twice', async () => {
      const { client } = await createApiClient(db, {
        name: 'key-owner',
        scopes: ['dci:search'],
        regionCode: '31',
      });
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
      const refused = (path: string, reason: string) => ({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ path, reason }] },
      });
      await expect(
        addApiClientKey(db, client.id, {
          keyId: 'k1',
          publicKey: rsa.export({ format: 'pem', type: 'spki' }).toString(),
        }),
      ).rejects.toMatchObject(refused('publicKey', 'invalid'));
      const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
      await addApiClientKey(db, client.id, { keyId: 'k1', publicKey: ed });
      await expect(addApiClientKey(db, client.id, { keyId: 'k1', publicKey: ed })).rejects.toThrow(
        `Client ${client.id} already has a key k1.`,
      );
      await expect(addApiClientKey(db, client.id, { keyId: 'k 2/..', publicKey: ed })).rejects.toMatchObject(
        refused('keyId', 'invalid'),
      );
    });
  });

  describe('change feed', () => {
    it('lists the registrations of the client’s area only, once each, across pages of any size', async () => {
      const seen: number[] = [];
      let after = '';
      for (;;) {
        const res = await call(app, north, 'GET', `/feed/changes?limit=2&after=${after}`);
        expect(res.status).toBe(200);
        const page = (await res.json()) as {
          events: { householdId: number; type: string; kelurahanCode: string }[];
          next: string;
        };
        if (page.events.length === 0) break;
        for (const e of page.events) {
          expect(e.type).toBe('register');
          expect(e.kelurahanCode.startsWith('31.72.')).toBe(true);
          seen.push(e.householdId);
        }
        after = page.next;
      }
      expect(seen).toEqual([hh.p1!.id, hh.p2!.id, hh.p3!.id, hh.k1!.id, hh.k2!.id]);
    });

    it('adds an update event when a household changes, after the last cursor', async () => {
      const start = (await (await call(app, north, 'GET', '/feed/changes?limit=1000')).json()) as {
        next: string;
      };
      const [current] = await queryRows<{ version: number }>(
        db,
        sql`SELECT version FROM household WHERE id = ${hh.p2!.id}`,
      );
      const version = Number(current!.version);
      const patch = await registry.call(testUsers.secretariat, 'PATCH', `/households/${hh.p2!.id}`, {
        baseVersion: version,
        address: 'Jl. Baru 1',
      });
      expect(patch.status).toBe(200);
      const page = (await (await call(app, north, 'GET', `/feed/changes?after=${start.next}`)).json()) as {
        events: { householdId: number; type: string; version: number }[];
      };
      expect(page.events).toEqual([
        expect.objectContaining({ householdId: hh.p2!.id, type: 'update', version: version + 1 }),
      ]);
    });

    it('refuses a cursor it did not make', async () => {
      const res = await call(app, north, 'GET', '/feed/changes?after=not-a-cursor');
      expect(res.status).toBe(400);
    });

    it('passes every event exactly once while writers run concurrently with the reader', async () => {
      const area = '31.71';
      let cursor = decodeCursor((await readFeed(db, area, { txid: 0, id: 0 }, 10_000)).events.at(-1)?.cursor);
      const seen: number[] = [];
      const writers = Array.from({ length: 6 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 5; i++)
            await db.transaction(async (tx) => {
              await tx.execute(
                sql`UPDATE household SET version = version + 1 WHERE id = ${w % 2 === 0 ? hh.g1!.id : hh.g2!.id}`,
              );
            });
        })(),
      );
      let done = false;
      const all = Promise.all(writers).then(() => (done = true));
      while (!done) {
        const page = await readFeed(db, area, cursor, 7);
        seen.push(...page.events.map((e) => e.eventId));
        cursor = page.next;
      }
      await all;
      for (;;) {
        const page = await readFeed(db, area, cursor, 7);
        if (page.events.length === 0) break;
        seen.push(...page.events.map((e) => e.eventId));
        cursor = page.next;
      }
      const written = await db
        .select({ id: registryEvent.id })
        .from(registryEvent)
        .where(and(eq(registryEvent.eventType, 'update'), sql`kelurahan_code LIKE '31.71.%'`));
      expect(seen).toHaveLength(30);
      expect(new Set(seen).size).toBe(30);
      expect([...seen].sort((a, b) => a - b)).toEqual(written.map((r) => r.id).sort((a, b) => a - b));
    });
  });

  describe('change feed visibility guard', () => {
    it('holds back events behind a writer that has not committed, then passes both in order', async () => {
      const area = '31.72';
      const start = decodeCursor(
        (await readFeed(db, area, { txid: 0, id: 0 }, 10_000)).events.at(-1)?.cursor,
      );
      if (env().kind === 'pglite') {
        // One connection: no other writer can be running. A row stamped with a transaction id beyond the horizon
        // (as a running writer's would be) must not be passed, and must be once the horizon moves past it.
        const horizon = await feedHorizon(db);
        await db.execute(sql`INSERT INTO registry_event (txid, household_id, event_type, version, kelurahan_code)
          VALUES (${horizon + 1_000_000}, ${hh.k1!.id}, 'update', 99, ${kamalMuara})`);
        expect((await readFeed(db, area, start, 100)).events).toEqual([]);
        await db.execute(sql`DELETE FROM registry_event WHERE version = 99`);
        return;
      }
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let wrote!: () => void;
      const written = new Promise<void>((r) => (wrote = r));
      // Writer A takes its transaction id first and commits last.
      const a = db.transaction(async (tx) => {
        await tx.execute(sql`UPDATE household SET version = version + 1 WHERE id = ${hh.k1!.id}`);
        wrote();
        await gate;
      });
      await written;
      await db.execute(sql`UPDATE household SET version = version + 1 WHERE id = ${hh.k2!.id}`);
      const early = await readFeed(db, area, start, 100);
      expect(early.events).toEqual([]);
      release();
      await a;
      const late = await readFeed(db, area, early.next, 100);
      expect(late.events.map((e) => e.householdId)).toEqual([hh.k1!.id, hh.k2!.id]);
    });
  });

  describe('DCI search', () => {
    it('finds a household by NIK with its desil, members and head, and audits the record with the client as actor', async () => {
      const res = await call(
        app,
        north,
        'POST',
        '/registry/sync/search',
        searchBody([byNik(hh.p1!.headNik)], {}, 'txn-nik'),
      );
      expect(res.status).toBe(200);
      const body = OnSearchEnvelope.parse(await res.json());
      expect(body.header.status).toBe('succ');
      const [item] = body.message.search_response;
      expect(item!.status).toBe('succ');
      const [record] = item!.data!.reg_records;
      expect(record!.group_identifier).toContainEqual({
        identifier_type: 'HOUSEHOLD_ID',
        identifier_value: String(hh.p1!.id),
      });
      expect(record!.poverty_score).toBe(1);
      expect(record!.group_size).toBe(3);
      expect(record!.group_head_info!.demographic_info.identifier[0]!.identifier_value).toBe(hh.p1!.headNik);
      expect(record!.member_list.map((m) => m.relationship_head)).toEqual(['head', 'spouse', 'child']);
      const client = (await db.select().from(apiClient).where(eq(apiClient.name, 'dinsos-utara')))[0]!;
      const audits = await db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.actorRole, 'api_client'),
            eq(auditLog.actorId, client.id),
            eq(auditLog.subjectId, String(hh.p1!.id)),
          ),
        );
      expect(audits).toHaveLength(1);
      expect(audits[0]!.action).toBe('read');
      expect(audits[0]!.details).toMatchObject({ transactionId: 'txn-nik', referenceId: 'ref-1' });
    });

    it('does not reveal a household outside the client’s area', async () => {
      const res = await call(
        app,
        north,
        'POST',
        '/registry/sync/search',
        searchBody([byNik(hh.g1!.headNik)]),
      );
      const body = OnSearchEnvelope.parse(await res.json());
      expect(body.message.search_response[0]!.status).toBe('succ');
      expect(body.message.search_response[0]!.data!.reg_records).toEqual([]);
      expect(body.message.search_response[0]!.pagination!.total_count).toBe(0);
    });

    it('searches by expression (desil ≤ 4 in an area), paginated, and the predicate form gives the same', async () => {
      const expression = {
        query_type: 'expression',
        query: {
          type: 'ns:org:QueryType:expression',
          value: {
            expression: {
              collection: 'Group',
              query: { $and: [{ desil: { $lte: 4 } }, { kelurahan_code: { $eq: '31.72.01' } }] },
            },
          },
        },
        sort: [{ attribute_name: 'desil', sort_order: 'asc' }],
        pagination: { page_size: 2, page_number: 1 },
      };
      const predicate = {
        query_type: 'predicate',
        query: [
          {
            seq_num: 1,
            expression1: { attribute_name: 'desil', operator: 'le', attribute_value: 4 },
            condition: 'and',
            expression2: { attribute_name: 'kelurahan_code', operator: 'eq', attribute_value: '31.72.01' },
          },
        ],
        sort: [{ attribute_name: 'desil', sort_order: 'asc' }],
        pagination: { page_size: 2, page_number: 2 },
      };
      const res = await call(
        app,
        searchOnly,
        'POST',
        '/registry/sync/search',
        searchBody([expression, predicate]),
      );
      const body = OnSearchEnvelope.parse(await res.json());
      const [first, second] = body.message.search_response;
      const ids = (item: typeof first) => item!.data!.reg_records.map((r) => r.poverty_score);
      // Expected, read independently: Utara households with desil ≤ 4 in the latest snapshot, by desil then id.
      const expected = (
        await queryRows<{ desil: number }>(
          db,
          sql`SELECT w.desil FROM household_welfare w JOIN household h ON h.id = w.household_id
          WHERE w.snapshot_id = (SELECT max(id) FROM welfare_snapshot) AND h.kelurahan_code LIKE '31.72.01.%'
            AND w.desil <= 4 ORDER BY w.desil, h.id`,
        )
      ).map((r) => Number(r.desil));
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(first!.pagination).toEqual({ page_size: 2, page_number: 1, total_count: expected.length });
      expect(ids(first)).toEqual(expected.slice(0, 2));
      expect(second!.pagination).toEqual({ page_size: 2, page_number: 2, total_count: expected.length });
      expect(ids(second)).toEqual(expected.slice(2, 4));
    });

    it('rejects bad requests item by item with the standard’s reason codes', async () => {
      const good = byNik(hh.p1!.headNik);
      const body = searchBody([
        good,
        {
          query_type: 'predicate',
          query: [{ expression1: { attribute_name: 'income', operator: 'lt', attribute_value: 5 } }],
        },
        { ...good, pagination: { page_size: 100_000, page_number: 1 } },
        { ...good, sort: [{ attribute_name: 'name', sort_order: 'asc' }] },
        good,
      ]);
      body.message.search_request[4]!.reference_id = 'ref-1';
      body.message.search_request[1]!.timestamp = new Date().toISOString();
      const res = await call(app, north, 'POST', '/registry/sync/search', body);
      const parsed = OnSearchEnvelope.parse(await res.json());
      expect(parsed.message.search_response.map((r) => [r.status, r.status_reason_code])).toEqual([
        ['succ', undefined],
        ['rjct', 'rjct.search_criteria.invalid'],
        ['rjct', 'rjct.pagination.invalid'],
        ['rjct', 'rjct.sort.invalid'],
        ['rjct', 'rjct.reference_id.duplicate'],
      ]);
      const stamp = searchBody([good]);
      stamp.message.search_request[0]!.timestamp = 'yesterday';
      const bad = OnSearchEnvelope.parse(
        await (await call(app, north, 'POST', '/registry/sync/search', stamp)).json(),
      );
      expect(bad.header.status).toBe('rjct');
      expect(bad.message.search_response[0]!.status_reason_code).toBe('rjct.timestamp.invalid');
    });

    it('answers an envelope that breaks the schema with 400 naming the field', async () => {
      const body = searchBody([byNik(hh.p1!.headNik)]) as { header: Record<string, unknown> };
      delete body.header.message_id;
      expect(SearchEnvelope.safeParse(body).success).toBe(false);
      const res = await call(app, north, 'POST', '/registry/sync/search', body);
      expect(res.status).toBe(400);
      const error = (await res.json()) as { error: { details: { issues: { path: string }[] } } };
      expect(error.error.details.issues.map((i) => i.path)).toContain('body.header.message_id');
    });

    it('returns the stored answer of a transaction, to its own client only', async () => {
      const statusBody = (client: string) => ({
        header: header('txn-status'),
        message: {
          transaction_id: 'status-1',
          txnstatus_request: {
            reference_id: 'r1',
            txn_type: 'search',
            attribute_type: 'transaction_id',
            attribute_value: client,
          },
        },
      });
      const res = await call(app, north, 'POST', '/registry/txn/status', statusBody('txn-nik'));
      expect(res.status).toBe(200);
      const body = OnTxnStatusEnvelope.parse(await res.json());
      const status = body.message.txnstatus_response.txn_status as {
        search_response: { reference_id: string }[];
      };
      expect(status.search_response[0]!.reference_id).toBe('ref-1');
      expect(
        (await call(app, searchOnly, 'POST', '/registry/txn/status', statusBody('txn-nik'))).status,
      ).toBe(404);
    });
  });

  describe('area extract', () => {
    const kotaUtara = { ...testUsers.secretariat, id: 9001, role: 'kota_tkpk' as const, regionCode: '31.72' };
    const path = (region: string, kind: string, purpose = 'Verifikasi lapangan 2026') =>
      `/exports/extract?region=${region}&kind=${kind}&purpose=${encodeURIComponent(purpose)}`;

    it('streams the households of an area in the import layout and audits each with the purpose', async () => {
      const res = await registry.call(kotaUtara, 'GET', path('31.72.01', 'household'));
      expect(res.status).toBe(200);
      const lines = (await res.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]!.split(',').slice(0, 3)).toEqual(['NO_KK', 'KODE_KELURAHAN', 'RW']);
      const kks = lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort();
      expect(kks).toEqual([
        '3172010101250103',
        '3172010101250104',
        '3172010101250105',
        '3172010101250106',
        '3172010101250107',
      ]);
      const audits = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'export'), eq(auditLog.purpose, 'Verifikasi lapangan 2026')));
      expect(new Set(audits.map((a) => a.subjectId))).toEqual(
        new Set(['p1', 'p2', 'p3', 'k1', 'k2'].map((k) => String(hh[k]!.id))),
      );
    });

    it('gives the persons file with NIK and relationship, three per household', async () => {
      const res = await registry.call(testUsers.secretariat, 'GET', path(penjaringan, 'person'));
      const lines = (await res.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      const header = lines[0]!.split(',');
      expect(header.slice(0, 3)).toEqual(['NO_KK', 'NIK', 'NAMA']);
      expect(lines).toHaveLength(1 + 3 * 3);
      const rel = header.indexOf('HUBUNGAN_KELUARGA');
      expect(
        lines
          .slice(1)
          .filter((l) => l.split(',')[rel] === 'head')
          .map((l) => l.split(',')[1])
          .sort(),
      ).toEqual([hh.p1!.headNik, hh.p2!.headNik, hh.p3!.headNik].sort());
    });

    it('refuses other roles, another kota and a missing purpose', async () => {
      expect(
        (await registry.call(testUsers.penjaringanOperator, 'GET', path(penjaringan, 'household'))).status,
      ).toBe(403);
      expect((await registry.call(kotaUtara, 'GET', path('31.71', 'household'))).status).toBe(403);
      expect((await registry.call(kotaUtara, 'GET', path('31.72', 'household', 'x'))).status).toBe(400);
    });
  });

  describe('subscribe, notify and async search', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver(1);
    });
    afterAll(async () => {
      await receiver.close();
    });

    it('notifies a subscriber of changes in its area only, retrying a failed delivery, and queues each event once', async () => {
      const subscribeBody = {
        header: header('subscribe', { sender_uri: receiver.url }),
        message: {
          transaction_id: 'sub-1',
          subscribe_request: [
            {
              reference_id: 's1',
              timestamp: new Date().toISOString(),
              subscribe_criteria: {
                reg_event_type: 'update',
                filter_type: 'expression',
                filter: { value: { expression: { query: { kelurahan_code: { $eq: penjaringan } } } } },
                notify_record_type: 'Group',
              },
            },
            {
              reference_id: 's2',
              timestamp: new Date().toISOString(),
              subscribe_criteria: {
                reg_event_type: 'update',
                filter_type: 'expression',
                filter: { value: { expression: { query: { kelurahan_code: { $eq: gambir } } } } },
                notify_record_type: 'Group',
              },
            },
          ],
        },
      };
      expect(SubscribeEnvelope.safeParse(subscribeBody).success).toBe(true);
      const res = await call(app, north, 'POST', '/registry/subscribe', subscribeBody);
      const answer = OnSubscribeEnvelope.parse(await res.json());
      expect(answer.message.subscribe_response.map((r) => [r.status, r.status_reason_code])).toEqual([
        ['succ', undefined],
        ['rjct', 'rjct.notify_details.invalid'], // Gambir is outside the client's area
      ]);
      // Changes: one in Penjaringan (subscribed), one in Kamal Muara and one in Gambir (not).
      await db.execute(
        sql`UPDATE household SET version = version + 1 WHERE id IN (${hh.p3!.id}, ${hh.k2!.id}, ${hh.g2!.id})`,
      );
      expect(await dispatchNotifications(db)).toBe(1);
      expect(await dispatchNotifications(db)).toBe(0);
      const first = await deliverOutbox(db, env().ctx.signer);
      expect(first).toEqual({ delivered: 0, failed: 0, retried: 1 });
      const [pending] = await db.select().from(dciOutbox).where(eq(dciOutbox.status, 'pending'));
      expect(pending!.attempts).toBe(1);
      expect(pending!.lastError).toBe('HTTP 500');
      // Not due yet: the back-off holds it.
      expect(await deliverOutbox(db, env().ctx.signer)).toEqual({ delivered: 0, failed: 0, retried: 0 });
      await db
        .update(dciOutbox)
        .set({ nextAttemptAt: sql`now() - interval '1 second'` })
        .where(eq(dciOutbox.id, pending!.id));
      expect(await deliverOutbox(db, env().ctx.signer)).toEqual({ delivered: 1, failed: 0, retried: 0 });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.path).toBe('/registry/notify');
      const notify = NotifyEnvelope.parse(receiver.received[0]!.body);
      expect(
        notify.message.notify_event.map((e) => e.data.reg_records.group_identifier[0]!.identifier_value),
      ).toEqual([String(hh.p3!.id)]);
      expect(notify.message.notify_event[0]!.data.reg_event_type).toBe('update');
    });

    it('ends subscriptions by code, all or none, and notifies nothing for them after', async () => {
      const [own] = await db
        .select({ code: dciSubscription.code })
        .from(dciSubscription)
        .where(eq(dciSubscription.regionCode, penjaringan));
      const other = await createApiClient(db, {
        name: 'other-subscriber',
        scopes: ['dci:subscribe'],
        regionCode: '31.72',
      });
      const unsubscribeBody = (codes: string[], id: string) => ({
        header: header('unsubscribe'),
        message: { transaction_id: id, timestamp: new Date().toISOString(), subscription_codes: codes },
      });
      // Another client cannot end it, and an unknown code with a valid one changes nothing.
      for (const [token, codes] of [
        [other.token, [own!.code]],
        [north, [own!.code, 'no-such-code']],
      ] as const) {
        const body = unsubscribeBody([...codes], 'unsub-rjct');
        expect(UnsubscribeEnvelope.safeParse(body).success).toBe(true);
        const answer = OnUnsubscribeEnvelope.parse(
          await (await call(app, token, 'POST', '/registry/unsubscribe', body)).json(),
        );
        expect([answer.message.status, answer.message.status_reason_code]).toEqual([
          'rjct',
          'rjct.subscription_code.invalid',
        ]);
        expect(answer.header.status).toBe('rjct');
      }
      const [still] = await db.select().from(dciSubscription).where(eq(dciSubscription.code, own!.code));
      expect(still!.status).toBe('subscribe');
      // A change now is notified; after the unsubscribe, a change is not.
      await db.execute(sql`UPDATE household SET version = version + 1 WHERE id = ${hh.p3!.id}`);
      expect(await dispatchNotifications(db)).toBe(1);
      const res = await call(
        app,
        north,
        'POST',
        '/registry/unsubscribe',
        unsubscribeBody([own!.code], 'unsub-1'),
      );
      expect(res.status).toBe(200);
      const answer = OnUnsubscribeEnvelope.parse(await res.json());
      expect(answer.message.status).toBe('succ');
      expect(answer.message.subscription_status.map((s) => [s.code, s.status])).toEqual([
        [own!.code, 'unsubscribe'],
      ]);
      await db.execute(sql`UPDATE household SET version = version + 1 WHERE id = ${hh.p3!.id}`);
      expect(await dispatchNotifications(db)).toBe(0);
      // Delivers what was queued before, so the next test starts with an empty outbox.
      await deliverOutbox(db, env().ctx.signer);
    });

    it('acknowledges an async search and POSTs the on-search answer to the sender', async () => {
      const res = await call(
        app,
        north,
        'POST',
        '/registry/search',
        searchBody([byNik(hh.k1!.headNik)], { sender_uri: receiver.url }, 'async-1'),
      );
      expect(res.status).toBe(202);
      const ack = Ack.parse(await res.json());
      expect(ack.message.ack_status).toBe('ACK');
      expect(await deliverOutbox(db, env().ctx.signer)).toEqual({ delivered: 1, failed: 0, retried: 0 });
      const last = receiver.received.at(-1)!;
      expect(last.path).toBe('/registry/on-search');
      const answer = OnSearchEnvelope.parse(last.body);
      expect(answer.message.correlation_id).toBe(ack.message.correlation_id);
      expect(await answerSignature(app, answer)).toBe('valid');
      expect(answer.message.search_response[0]!.data!.reg_records[0]!.poverty_score).toBe(3);
    });
  });
});
