import { and, count, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { appUser } from '../access/access.schema.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { auditLog } from '../audit/audit.schema.ts';
import { delivery } from './ledger.schema.ts';
import {
  ledgerPassword,
  penjaringan,
  pickPeople,
  seedLedgerRegistry,
  uploadFile,
  type RegistryPerson,
} from './ledger.test-support.ts';

interface LedgerBody {
  total: number;
  items: {
    id: number;
    personId: number | null;
    nik: string | null;
    kelurahanCode: string;
    provider: string;
    lastPeriod: string | null;
  }[];
}

describeEachDatabase(
  'ledger: enrolment ledger and deliveries',
  (env) => {
    let app: ReturnType<typeof createApp>;
    const sessions: Record<string, TestSession> = {};
    let inside: RegistryPerson[];
    let outside: RegistryPerson[];
    const db = () => env().ctx.database.db;
    const ledger = async (user: string, path: string) =>
      request(app, 'GET', `/programs/${path}`, { session: sessions[user] });
    const ledgerBody = async (user: string, path: string) =>
      (await (await ledger(user, path)).json()) as LedgerBody;

    beforeAll(async () => {
      app = createApp(env().ctx);
      for (const user of [
        'sekretariat',
        'dinsos',
        'mitra.baznas',
        'kel.penjaringan',
        'tkpk.jakut',
        'inspektorat',
      ])
        sessions[user] = await loginAs(app, user, ledgerPassword);
      const people = await pickPeople(db());
      inside = people.filter((p) => p.kelurahanCode === penjaringan).slice(0, 2);
      outside = people.filter((p) => !p.kelurahanCode.startsWith('31.72.')).slice(0, 3);
      expect(inside).toHaveLength(2);
      expect(outside).toHaveLength(3);
      const file = (list: RegistryPerson[]) => ({
        name: 'kl.csv',
        content: ['nik', ...list.map((p) => p.nik)].join('\n'),
      });
      const since = { startDate: '2024-01-01' };
      const loads = [
        await uploadFile(
          app,
          sessions.sekretariat!,
          'KLJ',
          file([...inside, outside[0]!, outside[1]!]),
          since,
        ),
        await uploadFile(app, sessions['mitra.baznas']!, 'KLJ', file([outside[2]!]), since),
        await uploadFile(app, sessions.sekretariat!, 'KJP_PLUS', file([outside[0]!]), since),
      ];
      for (const response of loads) expect(response.status).toBe(201);
    });

    it('shows an agency the ledger of its own program, audited per household, and refuses another agency’s', async () => {
      const body = await ledgerBody('dinsos', 'KLJ/enrolments?purpose=monitoring%20KLJ');
      expect(body.total).toBe(5);
      expect(body.items.filter((i) => i.provider === 'BAZNAS')).toHaveLength(1);
      expect(body.items.every((i) => i.nik && i.personId)).toBe(true);
      const [user] = await db().select().from(appUser).where(eq(appUser.username, 'dinsos'));
      const [audits] = await db()
        .select({ n: count() })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.actorId, user!.id),
            eq(auditLog.purpose, 'monitoring KLJ'),
            eq(auditLog.action, 'search'),
          ),
        );
      expect(audits!.n).toBe(5);
      expect((await ledger('dinsos', 'KJP_PLUS/enrolments')).status).toBe(403);
      expect((await ledger('sekretariat', 'KJP_PLUS/enrolments')).status).toBe(200);
    });

    it('shows a kelurahan operator only its kelurahan, a partner only its own, and filters by region', async () => {
      const operator = await ledgerBody('kel.penjaringan', 'KLJ/enrolments');
      expect(operator.total).toBe(2);
      expect(operator.items.every((i) => i.kelurahanCode === penjaringan)).toBe(true);
      const partner = await ledgerBody('mitra.baznas', 'KLJ/enrolments');
      expect(partner.items.map((i) => i.nik)).toEqual([outside[2]!.nik]);
      const filtered = await ledgerBody('sekretariat', `KLJ/enrolments?region=${penjaringan}&status=active`);
      expect(filtered.total).toBe(2);
      expect((await ledger('sekretariat', 'KLJ/enrolments?status=paused')).status).toBe(400);
    });

    it('records one delivery per enrolment and period, however often it is submitted', async () => {
      const { items } = await ledgerBody('dinsos', `KLJ/enrolments?region=${penjaringan}`);
      const id = items[0]!.id;
      const submit = (user: string, body: unknown) =>
        request(app, 'POST', `/enrolments/${id}/deliveries`, { session: sessions[user], body });
      const first = await submit('dinsos', { period: '2025-03', amount: 300_000, deliveredOn: '2025-03-10' });
      expect(first.status).toBe(201);
      const created = (await first.json()) as { id: number; period: string };
      expect(created.period).toBe('2025-03-01');
      const repeat = await submit('dinsos', {
        period: '2025-03-01',
        amount: 300_000,
        deliveredOn: '2025-03-10',
      });
      expect(repeat.status).toBe(200);
      expect(((await repeat.json()) as { id: number }).id).toBe(created.id);
      expect((await submit('dinsos', { period: '2025-03', amount: 1 })).status).toBe(409);
      expect((await submit('mitra.baznas', { period: '2025-04', amount: 1 })).status).toBe(403);
      expect((await submit('dinsos', { period: '2025-13' })).status).toBe(400);
      const [rows] = await db().select({ n: count() }).from(delivery).where(eq(delivery.enrolmentId, id));
      expect(rows!.n).toBe(1);
      const after = await ledgerBody('dinsos', `KLJ/enrolments?region=${penjaringan}`);
      expect(after.items.find((i) => i.id === id)!.lastPeriod).toBe('2025-03-01');
    });

    it('lets the secretariat, kota TKPK (in its area) and inspectorate verify, and no one else', async () => {
      const { items } = await ledgerBody('sekretariat', 'KLJ/enrolments?pageSize=100');
      const deliver = async (enrolmentId: number) => {
        const response = await request(app, 'POST', `/enrolments/${enrolmentId}/deliveries`, {
          session: sessions.sekretariat,
          body: { period: '2025-05', amount: 300_000 },
        });
        return ((await response.json()) as { id: number }).id;
      };
      const near = await deliver(items.find((i) => i.kelurahanCode === penjaringan)!.id);
      const far = await deliver(
        items.find((i) => i.provider === 'DINSOS' && !i.kelurahanCode.startsWith('31.72.'))!.id,
      );
      const verify = (user: string, id: number) =>
        request(app, 'POST', `/deliveries/${id}/verify`, { session: sessions[user] });
      for (const user of ['dinsos', 'kel.penjaringan', 'mitra.baznas'])
        expect((await verify(user, near)).status, user).toBe(403);
      expect((await verify('tkpk.jakut', far)).status).toBe(404);
      const response = await verify('tkpk.jakut', near);
      expect(response.status).toBe(200);
      const [tkpk] = await db().select().from(appUser).where(eq(appUser.username, 'tkpk.jakut'));
      expect(await response.json()).toMatchObject({
        id: near,
        verifiedBy: tkpk!.id,
        verifiedOn: expect.any(String) as unknown,
      });
      const farVerified = (await (await verify('inspektorat', far)).json()) as { verifiedOn: string | null };
      expect(farVerified.verifiedOn).toBeTruthy();
      expect((await verify('sekretariat', near)).status).toBe(200);
      const [stored] = await db().select().from(delivery).where(eq(delivery.id, near));
      expect(stored!.verifiedBy).toBe(tkpk!.id);
    });
  },
  seedLedgerRegistry,
);
