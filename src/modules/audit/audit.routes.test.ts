import { desc, eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { appUser } from '../access/access.schema.ts';
import {
  insertTestRegions,
  loginAs,
  request,
  type TestApp,
  type TestSession,
} from '../access/access.test-support.ts';
import { auditLog } from './audit.schema.ts';
import { recordAudit } from './audit.service.ts';

const password = 'demo-password-1';

interface AuditPage {
  items: {
    id: number;
    actor: { username: string } | null;
    action: string;
    subjectId: string | null;
    purpose: string;
  }[];
  total: number;
}

describeEachDatabase(
  'audit routes',
  (env) => {
    let app: TestApp;
    let inspector: TestSession;
    let operator: TestSession;
    let operatorId: number;
    const db = () => env().ctx.database.db;

    beforeAll(async () => {
      app = createApp(env().ctx);
      inspector = await loginAs(app, 'inspektorat', password);
      operator = await loginAs(app, 'kel.penjaringan', password);
      const [row] = await db().select().from(appUser).where(eq(appUser.username, 'kel.penjaringan'));
      operatorId = row!.id;
      await recordAudit(db(), { id: operatorId, role: 'kelurahan_operator' }, [
        {
          action: 'read',
          subjectType: 'household',
          subjectId: 1042,
          regionCode: '31.72.01.1001',
          purpose: 'verifikasi',
        },
        {
          action: 'read',
          subjectType: 'household',
          subjectId: 1043,
          regionCode: '31.72.01.1001',
          purpose: 'verifikasi',
        },
      ]);
    });

    it('is refused to a kelurahan operator (403) and to anonymous callers (401)', async () => {
      const refused = await request(app, 'GET', '/audit', { session: operator });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      expect((await request(app, 'GET', '/audit/verify', { session: operator })).status).toBe(403);
      expect((await request(app, 'GET', '/audit')).status).toBe(401);
    });

    it('shows an inspector who read which household, when and why', async () => {
      const response = await request(app, 'GET', '/audit?subjectType=household&subjectId=1042', {
        session: inspector,
      });
      expect(response.status).toBe(200);
      const page = (await response.json()) as AuditPage;
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({
        action: 'read',
        subjectId: '1042',
        purpose: 'verifikasi',
        actor: { username: 'kel.penjaringan', role: 'kelurahan_operator' },
      });
    });

    it('filters by actor, action and time, and paginates', async () => {
      const byActor = (await (
        await request(app, 'GET', `/audit?actorId=${operatorId}&action=read&pageSize=1`, {
          session: inspector,
        })
      ).json()) as AuditPage;
      expect(byActor.total).toBe(2);
      expect(byActor.items).toHaveLength(1);
      expect(byActor.items[0]!.subjectId).toBe('1043');
      const secondPage = (await (
        await request(app, 'GET', `/audit?actorId=${operatorId}&action=read&pageSize=1&page=2`, {
          session: inspector,
        })
      ).json()) as AuditPage;
      expect(secondPage.items[0]!.subjectId).toBe('1042');
      const future = (await (
        await request(app, 'GET', '/audit?from=2999-01-01', { session: inspector })
      ).json()) as AuditPage;
      expect(future.total).toBe(0);
      const past = (await (
        await request(app, 'GET', '/audit?to=2000-01-01T00:00:00Z', { session: inspector })
      ).json()) as AuditPage;
      expect(past.total).toBe(0);
      const logins = (await (
        await request(app, 'GET', '/audit?action=login', { session: inspector })
      ).json()) as AuditPage;
      expect(logins.total).toBe(2);
    });

    it('answers a malformed query with a 400 naming the field', async () => {
      for (const [query, field] of [
        ['from=yesterday', 'query.from'],
        ['actorId=abc', 'query.actorId'],
        ['pageSize=1000', 'query.pageSize'],
        ['subjectType=DROP%20TABLE', 'query.subjectType'],
      ]) {
        const response = await request(app, 'GET', `/audit?${query}`, { session: inspector });
        expect(response.status, query).toBe(400);
        expect(JSON.stringify(await response.json())).toContain(field);
      }
    });

    it('extends one unbroken chain from concurrent writers, hashing as the verifier does', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, w) =>
          recordAudit(
            db(),
            { id: operatorId, role: 'kelurahan_operator' },
            Array.from({ length: 5 }, (_, n) => ({
              action: 'read' as const,
              subjectType: 'household' as const,
              subjectId: 5000 + w * 5 + n,
              regionCode: '31.72.01.1001',
              purpose: 'penulis serentak',
              details: { writer: w, note: 'Ü ñ — 雅加达', nested: { z: [1, null, 'x'], a: true } },
            })),
          ),
        ),
      );
      const [counts] = await queryRows<{ written: number; forks: number }>(
        db(),
        sql`SELECT (SELECT count(*)::int FROM audit_log WHERE purpose = 'penulis serentak') AS written,
                   (SELECT count(*)::int FROM (SELECT prev_hash FROM audit_log GROUP BY prev_hash
                                                HAVING count(*) > 1) f) AS forks`,
      );
      expect(counts).toEqual({ written: 100, forks: 0 });
      const secretariat = await loginAs(app, 'sekretariat', password);
      const verified = await request(app, 'GET', '/audit/verify', { session: secretariat });
      expect(await verified.json()).toMatchObject({ intact: true, firstBrokenId: null });
    });

    it('verifies an intact chain, then finds a row inserted with a forged hash', async () => {
      const secretariat = await loginAs(app, 'sekretariat', password);
      const intact = await request(app, 'GET', '/audit/verify', { session: secretariat });
      expect(intact.status).toBe(200);
      const before = (await intact.json()) as {
        intact: boolean;
        checked: number;
        firstBrokenId: number | null;
      };
      expect(before).toMatchObject({ intact: true, firstBrokenId: null });
      expect(before.checked).toBeGreaterThanOrEqual(5);

      // The table refuses UPDATE and DELETE, so tamper the only way left: append a row whose hash is made up.
      const [last] = await db()
        .select({ hash: auditLog.hash })
        .from(auditLog)
        .orderBy(desc(auditLog.id))
        .limit(1);
      await db().execute(
        sql`INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, purpose, prev_hash, hash)
            VALUES (now(), ${operatorId}, 'read', 'household', '1042', 'forged', ${last!.hash}, ${'0'.repeat(64)})`,
      );
      const [forged] = await db()
        .select({ id: auditLog.id })
        .from(auditLog)
        .orderBy(desc(auditLog.id))
        .limit(1);
      await recordAudit(db(), null, [
        { action: 'read', subjectType: 'household', purpose: 'after the forgery' },
      ]);
      const broken = (await (await request(app, 'GET', '/audit/verify', { session: inspector })).json()) as {
        intact: boolean;
        firstBrokenId: number | null;
      };
      expect(broken).toMatchObject({ intact: false, firstBrokenId: forged!.id });
    });
  },
  async ({ ctx }) => {
    await insertTestRegions(ctx.database.db);
    await ensureDemoUsers(ctx.database.db, password);
  },
);
