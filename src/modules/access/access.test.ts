import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { auditLog } from '../audit/audit.schema.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { ensureDemoUsers } from './access.demo.ts';
import { appUser, session } from './access.schema.ts';
import { sessionCache } from './access.session.ts';
import { insertTestRegions, loginAs, request, sessionCookieOf, type TestApp } from './access.test-support.ts';

const password = 'demo-password-1';

describeEachDatabase(
  'access: sign-in, sessions and CSRF',
  (env) => {
    let app: TestApp;
    beforeAll(() => {
      app = createApp(env().ctx);
    });
    const db = () => env().ctx.database.db;
    const errorOf = async (response: Response) =>
      ((await response.json()) as { error: { code: string; message: string } }).error;

    it('signs in: httpOnly SameSite cookie, CSRF token, only the token hash stored', async () => {
      const response = await request(app, 'POST', '/auth/login', {
        body: { username: 'kel.penjaringan', password },
      });
      expect(response.status).toBe(200);
      const setCookie = response.headers.getSetCookie().join('\n');
      expect(setCookie).toMatch(/tepat_session=[\w-]{43};/);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      expect(setCookie).toMatch(/Path=\//);
      expect(setCookie).not.toMatch(/Secure/);
      const body = (await response.json()) as {
        csrfToken: string;
        user: { username: string; area: { name: string } };
      };
      expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
      expect(body.user).toMatchObject({ username: 'kel.penjaringan', area: { name: 'Penjaringan' } });
      expect(body.user).not.toHaveProperty('passwordHash');
      const token = sessionCookieOf(response)!.split('=')[1]!;
      const stored = await db()
        .select()
        .from(session)
        .where(eq(session.tokenHash, createHash('sha256').update(token).digest('hex')));
      expect(stored).toHaveLength(1);
      const plain = await db().select().from(session).where(eq(session.tokenHash, token));
      expect(plain).toHaveLength(0);
    });

    it('ends the session the client held when it signs in again', async () => {
      const first = await loginAs(app, 'kel.penjaringan', password);
      const again = await request(app, 'POST', '/auth/login', {
        body: { username: 'kel.penjaringan', password },
        headers: { cookie: first.cookie },
      });
      expect(again.status).toBe(200);
      expect(sessionCookieOf(again)).not.toBe(first.cookie);
      expect((await request(app, 'GET', '/auth/me', { session: first })).status).toBe(401);
    });

    it('stores argon2id password hashes', async () => {
      const users = await db().select({ hash: appUser.passwordHash }).from(appUser);
      expect(users.length).toBe(8);
      for (const user of users) expect(user.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    });

    it('answers a wrong password and an unknown username with the same 401', async () => {
      const wrong = await request(app, 'POST', '/auth/login', {
        body: { username: 'kec.penjaringan', password: 'not-the-password' },
        clientAddress: '198.51.100.7',
      });
      const unknown = await request(app, 'POST', '/auth/login', {
        body: { username: 'nobody.here', password },
        clientAddress: '198.51.100.7',
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
      expect(a).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong username or password.' });
      expect(b).toEqual(a);
      expect(sessionCookieOf(wrong)).toBeUndefined();
    });

    it('refuses the 6th attempt after 5 failures even with the right password (429, Retry-After)', async () => {
      const attempt = (pw: string) =>
        request(app, 'POST', '/auth/login', {
          body: { username: 'dinsos', password: pw },
          clientAddress: '198.51.100.8',
        });
      for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).status).toBe(401);
      const blocked = await attempt(password);
      expect(blocked.status).toBe(429);
      expect((await errorOf(blocked)).code).toBe('RATE_LIMITED');
      const retryAfter = Number(blocked.headers.get('Retry-After'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(sessionCookieOf(blocked)).toBeUndefined();
      // Another username from another address is not affected.
      await expect(
        loginAs(app, 'mitra.baznas', password, { clientAddress: '198.51.100.9' }),
      ).resolves.toBeTruthy();
    });

    it('counts username failures only since the last success', async () => {
      const attempt = (pw: string) =>
        request(app, 'POST', '/auth/login', {
          body: { username: 'tkpk.jakut', password: pw },
          clientAddress: '198.51.100.10',
        });
      for (let i = 0; i < 4; i++) expect((await attempt('wrong-password')).status).toBe(401);
      expect((await attempt(password)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await attempt('wrong-password')).status).toBe(401);
      expect((await attempt(password)).status).toBe(200);
    });

    it('limits failures per client address across usernames (20 in 15 minutes)', async () => {
      const from = (address: string, username: string, pw: string) =>
        request(app, 'POST', '/auth/login', { body: { username, password: pw }, clientAddress: address });
      for (let i = 0; i < 20; i++)
        expect((await from('203.0.113.5', `guess${i}`, 'wrong-password')).status).toBe(401);
      expect((await from('203.0.113.5', 'inspektorat', password)).status).toBe(429);
      expect((await from('203.0.113.6', 'inspektorat', password)).status).toBe(200);
    });

    it('logs out only with the CSRF header; afterwards the session is gone', async () => {
      const signedIn = await loginAs(app, 'sekretariat', password);
      const forged = await request(app, 'POST', '/auth/logout', { session: signedIn, csrf: false });
      expect(forged.status).toBe(403);
      expect((await errorOf(forged)).code).toBe('CSRF_FAILED');
      const wrongToken = await request(app, 'POST', '/auth/logout', {
        session: signedIn,
        csrf: false,
        headers: { 'X-CSRF-Token': 'x'.repeat(43) },
      });
      expect(wrongToken.status).toBe(403);
      expect((await request(app, 'GET', '/auth/me', { session: signedIn })).status).toBe(200);
      const loggedOut = await request(app, 'POST', '/auth/logout', { session: signedIn });
      expect(loggedOut.status).toBe(200);
      expect(loggedOut.headers.getSetCookie().join()).toMatch(/tepat_session=;/);
      const token = signedIn.cookie.split('=')[1]!;
      const rows = await db()
        .select()
        .from(session)
        .where(eq(session.tokenHash, createHash('sha256').update(token).digest('hex')));
      expect(rows).toHaveLength(0);
      const me = await request(app, 'GET', '/auth/me', { session: signedIn });
      expect(me.status).toBe(401);
    });

    it('refuses every signed-in write under /api/v1 without the CSRF header', async () => {
      const signedIn = await loginAs(app, 'sekretariat', password);
      for (const [method, path] of [
        ['POST', '/households'],
        ['PUT', '/households/1'],
        ['PATCH', '/households/1'],
        ['DELETE', '/households/1'],
        ['POST', '/jobs'],
      ] as const) {
        const response = await request(app, method, path, { session: signedIn, csrf: false, body: {} });
        expect(response.status, `${method} ${path}`).toBe(403);
        expect((await errorOf(response)).code).toBe('CSRF_FAILED');
      }
      // Reads need no token.
      expect((await request(app, 'GET', '/auth/me', { session: signedIn })).status).toBe(200);
    });

    it('gives /auth/me the user and CSRF token, and 401 when not signed in', async () => {
      const signedIn = await loginAs(app, 'kec.penjaringan', password);
      const me = await request(app, 'GET', '/auth/me', { session: signedIn });
      expect(me.status).toBe(200);
      const body = (await me.json()) as {
        csrfToken: string;
        user: { role: string; area: { code: string; level: string } };
      };
      expect(body.csrfToken).toBe(signedIn.csrfToken);
      expect(body.user).toMatchObject({
        role: 'kecamatan_operator',
        area: { code: '31.72.01', level: 'kecamatan' },
      });
      expect((await request(app, 'GET', '/auth/me')).status).toBe(401);
      expect(
        (await request(app, 'GET', '/auth/me', { headers: { cookie: 'tepat_session=forged' } })).status,
      ).toBe(401);
    });

    it('treats an expired session or an inactive user as anonymous', async () => {
      const expiring = await loginAs(app, 'petugas.penjaringan', password);
      const hash = createHash('sha256').update(expiring.cookie.split('=')[1]!).digest('hex');
      await db()
        .update(session)
        .set({ expiresAt: sql`now() - interval '1 second'` })
        .where(eq(session.tokenHash, hash));
      expect((await request(app, 'GET', '/auth/me', { session: expiring })).status).toBe(401);

      const deactivated = await loginAs(app, 'petugas.penjaringan', password);
      await db().update(appUser).set({ isActive: false }).where(eq(appUser.username, 'petugas.penjaringan'));
      expect((await request(app, 'GET', '/auth/me', { session: deactivated })).status).toBe(401);
      const again = await request(app, 'POST', '/auth/login', {
        body: { username: 'petugas.penjaringan', password },
      });
      expect(again.status).toBe(401);
      await db().update(appUser).set({ isActive: true }).where(eq(appUser.username, 'petugas.penjaringan'));
    });

    it('keeps a found session at most sessionCache.ttlMs; signing out drops it at once', async () => {
      const ttl = sessionCache.ttlMs;
      sessionCache.ttlMs = 300;
      try {
        const signedIn = await loginAs(app, 'sekretariat', password);
        expect((await request(app, 'GET', '/auth/me', { session: signedIn })).status).toBe(200);
        // Deleted behind this process's back (another server signed it out): still known until the entry ages.
        const hash = createHash('sha256').update(signedIn.cookie.split('=')[1]!).digest('hex');
        await db().delete(session).where(eq(session.tokenHash, hash));
        expect((await request(app, 'GET', '/auth/me', { session: signedIn })).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 350));
        expect((await request(app, 'GET', '/auth/me', { session: signedIn })).status).toBe(401);
      } finally {
        sessionCache.ttlMs = ttl;
      }
    });

    it('rejects a malformed login body with a 400 naming the field', async () => {
      const response = await request(app, 'POST', '/auth/login', { body: { username: 'sekretariat' } });
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(JSON.stringify(error)).toMatch(/json\.password|body\.password/);
    });

    it('writes login, login_failed and logout to an intact audit chain', async () => {
      const rows = await queryRows<{
        action: string;
        actor_id: number | null;
        subject_type: string;
        details: unknown;
      }>(db(), sql`SELECT action, actor_id, subject_type, details FROM audit_log ORDER BY id`);
      const actions = new Set(rows.map((r) => r.action));
      expect(actions).toEqual(new Set(['login', 'login_failed', 'logout']));
      const failed = rows.find(
        (r) => r.action === 'login_failed' && (r.details as { username: string }).username === 'nobody.here',
      );
      expect(failed).toMatchObject({
        actor_id: null,
        subject_type: 'user',
        details: { reason: 'unknown_user' },
      });
      const [sekretariat] = await db().select().from(appUser).where(eq(appUser.username, 'sekretariat'));
      const logins = await db().select().from(auditLog).where(eq(auditLog.actorId, sekretariat!.id));
      expect(logins.map((r) => r.action)).toEqual(expect.arrayContaining(['login', 'logout']));
      expect(rows.some((r) => (r.details as { reason?: string } | null)?.reason === 'rate_limited')).toBe(
        true,
      );
      expect(await verifyAuditChain(db())).toMatchObject({ firstBrokenId: null });
    });
  },
  async ({ ctx }) => {
    await insertTestRegions(ctx.database.db);
    await ensureDemoUsers(ctx.database.db, password);
  },
);
