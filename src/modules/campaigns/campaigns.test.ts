import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import type { Role } from '../access/access.schema.ts';
import { createUser } from '../access/access.service.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';
import type {
  AssignResult,
  Campaign,
  CampaignPreview,
  CampaignProgress,
  ProgressCounts,
} from './campaigns.contracts.ts';

const password = 'campaigns-password';
const kecamatan = '31.72.01';
const penjaringan = '31.72.01.1001';
const kamalMuara = '31.72.01.1002';

/** A household as the test sees the registry: no campaign code involved. */
interface Row {
  id: number;
  kelurahanCode: string;
  rw: string;
  kecamatanCode: string;
  desil: number | null;
  extremePoor: boolean | null;
  priority: boolean;
}

/** Jakarta's calendar date `days` from today, as the campaign's period takes it. */
const jakartaDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

const monthsAgo = (months: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
};

describeEachDatabase(
  'verification campaigns',
  (env) => {
    const db = () => env().ctx.database.db;
    let app: ReturnType<typeof createApp>;
    const sessions: Record<string, TestSession> = {};
    const ids: Record<string, number> = {};
    let households: Row[];
    /** Verification evidence planted before the campaign: approved visits and field-verification versions. */
    let recentlyVerified: number[];
    let verifiedLongAgo: number[];
    let campaign: Campaign;
    let assignment: AssignResult;

    const as = (user: string) => sessions[user]!;
    const call = (user: string, method: string, path: string, body?: unknown) =>
      request(app, method, path, { session: as(user), body });
    async function ok<T>(response: Response | Promise<Response>, status = 200): Promise<T> {
      const r = await response;
      const text = await r.text();
      expect(r.status, text).toBe(status);
      return JSON.parse(text) as T;
    }

    /** The households matching desil 1–2 and not verified in 12 months, computed here from the raw rows. */
    async function expectedDesilNotVerified(area: (h: Row) => boolean): Promise<Row[]> {
      const approved = await queryRows<{ householdId: number; at: string }>(
        db(),
        sql`SELECT household_id::int AS "householdId", captured_at AS at FROM field_submission WHERE status = 'approved'`,
      );
      const versions = await queryRows<{ householdId: number; at: string }>(
        db(),
        sql`SELECT household_id::int AS "householdId", valid_to AS at FROM household_version
            WHERE change_source = 'field-verification'`,
      );
      const cutoff = monthsAgo(12).getTime();
      const verified = new Set(
        [...approved, ...versions]
          .filter((v) => new Date(v.at).getTime() >= cutoff)
          .map((v) => v.householdId),
      );
      return households.filter((h) => area(h) && h.desil !== null && h.desil <= 2 && !verified.has(h.id));
    }

    function byCell(rows: Row[]) {
      const cells = new Map<string, number>();
      for (const h of rows) {
        cells.set(h.kelurahanCode, (cells.get(h.kelurahanCode) ?? 0) + 1);
        cells.set(`${h.kelurahanCode}/${h.rw}`, (cells.get(`${h.kelurahanCode}/${h.rw}`) ?? 0) + 1);
      }
      return cells;
    }

    function previewCells(preview: CampaignPreview) {
      const cells = new Map<string, number>();
      for (const k of preview.kelurahan) {
        cells.set(k.kelurahanCode, k.matching);
        for (const r of k.rws) cells.set(`${k.kelurahanCode}/${r.rw}`, r.matching);
      }
      return cells;
    }

    beforeAll(async () => {
      app = createApp(env().ctx);
      const extra: [string, Role, string][] = [
        ['petugas.dua', 'field_officer', penjaringan],
        ['petugas.kamal', 'field_officer', kamalMuara],
        ['petugas.kamal2', 'field_officer', kamalMuara],
        ['kel.kamalmuara', 'kelurahan_operator', kamalMuara],
        ['kel.gambir', 'kelurahan_operator', '31.71.01.1001'],
      ];
      for (const [username, role, regionCode] of extra)
        await createUser(db(), { username, displayName: username, password, role, regionCode });
      const users = await queryRows<{ id: number; username: string }>(
        db(),
        sql`SELECT id, username FROM app_user`,
      );
      for (const u of users) ids[u.username] = u.id;
      for (const username of [
        'sekretariat',
        'tkpk.jakut',
        'kec.penjaringan',
        'kel.penjaringan',
        'petugas.penjaringan',
        'dinsos',
        ...extra.map(([u]) => u),
      ])
        sessions[username] = await loginAs(app, username, password);

      households = await queryRows<Row>(
        db(),
        sql`SELECT h.id::int, h.kelurahan_code AS "kelurahanCode", h.rw, substr(h.kelurahan_code, 1, 8) AS "kecamatanCode",
                   w.desil, w.is_extreme_poor AS "extremePoor", COALESCE(k.is_priority, false) AS priority
            FROM household h
            LEFT JOIN household_welfare w ON w.household_id = h.id
                  AND w.snapshot_id = (SELECT max(id) FROM welfare_snapshot)
            LEFT JOIN region k ON k.code = substr(h.kelurahan_code, 1, 8)
            WHERE h.status = 'active'
            ORDER BY h.id`,
      );
      // Plant verification history on poor households of the kecamatan: some verified within 12 months
      // (an approved visit, or a registry change from field verification), some long ago, some only pending or
      // changed at the desk (neither verifies).
      const poor = households.filter(
        (h) => h.kecamatanCode === kecamatan && h.desil !== null && h.desil <= 2,
      );
      expect(poor.length).toBeGreaterThanOrEqual(12);
      const pick = (n: number) => poor.splice(0, n).map((h) => h.id);
      const visit = (id: number, at: Date, status: string) =>
        db().execute(sql`INSERT INTO field_submission
            (client_id, officer_id, household_id, base_version, outcome, captured_at, received_at, status, payload)
            VALUES (${randomUUID()}, ${ids['petugas.penjaringan']}, ${id}, 1, 'found', ${at.toISOString()},
                    ${at.toISOString()}, ${status}, '{}'::jsonb)`);
      const version = (id: number, at: Date, source: string) =>
        db().execute(sql`INSERT INTO household_version
            (household_id, version, valid_from, valid_to, snapshot, change_source)
            VALUES (${id}, 0, ${monthsAgo(30).toISOString()}, ${at.toISOString()}, '{}'::jsonb, ${source})`);
      const approvedRecently = pick(3);
      const changedRecently = pick(3);
      const approvedLongAgo = pick(2);
      const changedLongAgo = pick(2);
      const pendingRecently = pick(1);
      const deskRecently = pick(1);
      for (const id of approvedRecently) await visit(id, monthsAgo(3), 'approved');
      for (const id of changedRecently) await version(id, monthsAgo(2), 'field-verification');
      for (const id of approvedLongAgo) await visit(id, monthsAgo(14), 'approved');
      for (const id of changedLongAgo) await version(id, monthsAgo(15), 'field-verification');
      for (const id of pendingRecently) await visit(id, monthsAgo(1), 'pending');
      for (const id of deskRecently) await version(id, monthsAgo(1), 'kelurahan-desk');
      recentlyVerified = [...approvedRecently, ...changedRecently];
      verifiedLongAgo = [...approvedLongAgo, ...changedLongAgo, ...pendingRecently, ...deskRecently];
    });

    it('lists the field officers who can work in the caller’s area, and only to campaign staff', async () => {
      const names = async (user: string) =>
        (await ok<{ officers: { displayName: string }[] }>(call(user, 'GET', '/campaigns/officers'))).officers
          .map((o) => o.displayName)
          .sort();
      // The kelurahan sees its own two officers; the kecamatan sees those of both its kelurahan.
      expect(await names('kel.penjaringan')).toEqual(['Petugas Lapangan Penjaringan', 'petugas.dua']);
      expect(await names('kel.kamalmuara')).toEqual(['petugas.kamal', 'petugas.kamal2']);
      expect(await names('kec.penjaringan')).toEqual(
        ['Petugas Lapangan Penjaringan', 'petugas.dua', 'petugas.kamal', 'petugas.kamal2'].sort(),
      );
      expect(await names('kel.gambir')).toEqual([]);
      expect((await call('dinsos', 'GET', '/campaigns/officers')).status).toBe(403);
    });

    it('creates a campaign in the caller’s area only, and hides it from other areas and roles', async () => {
      const body = {
        name: 'Verifikasi desil 1–2 Penjaringan',
        purpose: 'Re-verify the poorest households not visited in a year',
        areaCodes: [kecamatan],
        periodStart: jakartaDate(-7),
        periodEnd: jakartaDate(60),
        criteria: { desil: { min: 1, max: 2 }, notVerifiedMonths: 12 },
      };
      campaign = await ok<Campaign>(call('kec.penjaringan', 'POST', '/campaigns', body), 201);
      expect(campaign).toMatchObject({ status: 'draft', areaCodes: [kecamatan], assigned: 0 });

      // A kelurahan operator may not create a campaign for the whole kecamatan; bad criteria name the field.
      expect((await call('kel.penjaringan', 'POST', '/campaigns', body)).status).toBe(403);
      const bad = await call('kec.penjaringan', 'POST', '/campaigns', {
        ...body,
        criteria: { desil: { min: 3, max: 2 }, kecamatanCodes: ['31.72.99'] },
      });
      expect(bad.status).toBe(400);
      const invalid = await call('kec.penjaringan', 'POST', '/campaigns', {
        ...body,
        criteria: { kecamatanCodes: ['31.72.99'] },
      });
      expect(
        ((await invalid.json()) as { error: { details: { issues: { path: string }[] } } }).error.details
          .issues,
      ).toMatchObject([{ path: 'body.criteria.kecamatanCodes.0' }]);

      // Visible within the area (above or below it), not elsewhere; roles that do not manage campaigns get 403.
      for (const user of ['sekretariat', 'tkpk.jakut', 'kel.penjaringan', 'kel.kamalmuara'])
        expect((await call(user, 'GET', `/campaigns/${campaign.id}`)).status).toBe(200);
      expect((await call('kel.gambir', 'GET', `/campaigns/${campaign.id}`)).status).toBe(404);
      expect((await call('kel.gambir', 'GET', `/campaigns/${campaign.id}/progress`)).status).toBe(404);
      const gambirList = await ok<{ total: number }>(call('kel.gambir', 'GET', '/campaigns'));
      expect(gambirList.total).toBe(0);
      const list = await ok<{ items: Campaign[] }>(call('kel.penjaringan', 'GET', '/campaigns?status=draft'));
      expect(list.items.map((c) => c.id)).toEqual([campaign.id]);
      for (const user of ['petugas.penjaringan', 'dinsos'])
        expect((await call(user, 'GET', '/campaigns')).status).toBe(403);
      // Only staff covering the whole campaign change its status.
      expect(
        (await call('kel.penjaringan', 'POST', `/campaigns/${campaign.id}/status`, { status: 'active' }))
          .status,
      ).toBe(403);
    });

    it('matches exactly the households of the criteria, counted by kelurahan and RW', async () => {
      const expected = await expectedDesilNotVerified((h) => h.kecamatanCode === kecamatan);
      const ids = new Set(expected.map((h) => h.id));
      // The verification filter matters: recent verifications are out, old ones, pending visits and desk changes in.
      for (const id of recentlyVerified) expect(ids.has(id)).toBe(false);
      for (const id of verifiedLongAgo) expect(ids.has(id)).toBe(true);
      const preview = await ok<CampaignPreview>(
        call('kec.penjaringan', 'GET', `/campaigns/${campaign.id}/preview`),
      );
      expect(preview.totals).toEqual({ matching: expected.length, assigned: 0, unassigned: expected.length });
      expect(previewCells(preview)).toEqual(byCell(expected));

      // A kelurahan operator sees the same campaign restricted to their kelurahan.
      const local = await ok<CampaignPreview>(
        call('kel.kamalmuara', 'GET', `/campaigns/${campaign.id}/preview`),
      );
      expect(local.kelurahan.map((k) => k.kelurahanCode)).toEqual([kamalMuara]);
      expect(local.totals.matching).toBe(expected.filter((h) => h.kelurahanCode === kamalMuara).length);

      // Extreme poor in named kecamatan, and in the priority kecamatan, set up by the secretariat.
      const previewOf = async (areaCodes: string[], criteria: Record<string, unknown>) => {
        const created = await ok<Campaign>(
          call('sekretariat', 'POST', '/campaigns', {
            name: 'Miskin ekstrem',
            purpose: 'Verify the extreme poor',
            areaCodes,
            periodStart: jakartaDate(0),
            periodEnd: jakartaDate(30),
            criteria,
          }),
          201,
        );
        return ok<CampaignPreview>(call('sekretariat', 'GET', `/campaigns/${created.id}/preview`));
      };
      const twoKecamatan = ['31.72.01', '31.72.02'];
      const extreme = await previewOf(['31.72'], { extremePoor: true, kecamatanCodes: twoKecamatan });
      const expectedExtreme = households.filter(
        (h) => h.extremePoor === true && twoKecamatan.includes(h.kecamatanCode),
      );
      expect(expectedExtreme.length).toBeGreaterThan(0);
      expect(previewCells(extreme)).toEqual(byCell(expectedExtreme));
      const inPriority = await previewOf(['31'], { extremePoor: true, priorityKecamatan: true });
      const expectedPriority = households.filter((h) => h.extremePoor === true && h.priority);
      expect(expectedPriority.length).toBeGreaterThan(0);
      expect(expectedPriority.length).toBeLessThan(households.filter((h) => h.extremePoor === true).length);
      expect(inPriority.totals.matching).toBe(expectedPriority.length);
    });

    it('assigns by kelurahan and RW within quotas, officers’ areas and never twice', async () => {
      const path = `/campaigns/${campaign.id}/assignments`;
      const expected = await expectedDesilNotVerified((h) => h.kecamatanCode === kecamatan);
      const inPenjaringan = expected.filter((h) => h.kelurahanCode === penjaringan);
      const rwCounts = byCell(inPenjaringan);
      const [busyRw] = [...new Set(inPenjaringan.map((h) => h.rw))].sort(
        (a, b) => rwCounts.get(`${penjaringan}/${b}`)! - rwCounts.get(`${penjaringan}/${a}`)!,
      );
      const busy = rwCounts.get(`${penjaringan}/${busyRw}`)!;
      expect(busy).toBeGreaterThanOrEqual(2);
      const inKamal = expected.filter((h) => h.kelurahanCode === kamalMuara);
      const kamal = inKamal.length;
      expect(kamal).toBeGreaterThanOrEqual(2);
      const kamalRw = inKamal[0]!.rw;
      const lines = [
        // Two officers share the busiest RW; the second one's quota exceeds what is left there.
        { officerId: ids['petugas.penjaringan']!, kelurahanCode: penjaringan, rw: busyRw, quota: 1 },
        { officerId: ids['petugas.dua']!, kelurahanCode: penjaringan, rw: busyRw, quota: busy },
        // A whole-kelurahan line takes what the RW line of the same kelurahan left: exactly its quota.
        { officerId: ids['petugas.kamal']!, kelurahanCode: kamalMuara, quota: kamal - 1 },
        { officerId: ids['petugas.kamal2']!, kelurahanCode: kamalMuara, rw: kamalRw, quota: 1 },
      ];
      expect((await call('kec.penjaringan', 'POST', path, { lines })).status).toBe(409); // still a draft
      await ok(call('kec.penjaringan', 'POST', `/campaigns/${campaign.id}/status`, { status: 'active' }));

      // Officers outside the kelurahan, users who are not field officers, places outside the caller's area.
      const refused = await call('kec.penjaringan', 'POST', path, {
        lines: [
          { officerId: ids['petugas.kamal']!, kelurahanCode: penjaringan, quota: 1 },
          { officerId: ids['kel.penjaringan']!, kelurahanCode: penjaringan, quota: 1 },
        ],
      });
      expect(refused.status).toBe(400);
      const issues = (
        (await refused.json()) as { error: { details: { issues: { path: string; reason: string }[] } } }
      ).error.details.issues;
      expect(issues.map((i) => [i.path, i.reason])).toEqual([
        ['body.lines.0.kelurahanCode', 'outside_officer_area'],
        ['body.lines.1.officerId', 'not_field_officer'],
      ]);
      const outside = await call('kel.kamalmuara', 'POST', path, {
        lines: [{ officerId: ids['petugas.dua']!, kelurahanCode: penjaringan, quota: 1 }],
      });
      expect(outside.status).toBe(400);
      expect((await call('kel.gambir', 'POST', path, { lines })).status).toBe(404);

      assignment = await ok<AssignResult>(call('kec.penjaringan', 'POST', path, { lines }));
      expect(assignment.lines.map((l) => [l.assigned, l.shortfall])).toEqual([
        [1, 0],
        [busy - 1, 1],
        [kamal - 1, 0],
        [1, 0],
      ]);
      const rows = await queryRows<{
        householdId: number;
        officerId: number;
        kelurahanCode: string;
        rw: string;
      }>(
        db(),
        sql`SELECT a.household_id::int AS "householdId", a.officer_id AS "officerId",
                   h.kelurahan_code AS "kelurahanCode", h.rw
            FROM campaign_assignment a JOIN household h ON h.id = a.household_id
            WHERE a.campaign_id = ${campaign.id}`,
      );
      expect(rows).toHaveLength(assignment.assigned);
      expect(new Set(rows.map((r) => r.householdId)).size).toBe(rows.length);
      const matching = new Set(expected.map((h) => h.id));
      expect(rows.every((r) => matching.has(r.householdId))).toBe(true);
      const of = (user: string) => rows.filter((r) => r.officerId === ids[user]);
      expect(of('petugas.penjaringan').every((r) => r.kelurahanCode === penjaringan && r.rw === busyRw)).toBe(
        true,
      );
      expect(of('petugas.dua').every((r) => r.kelurahanCode === penjaringan && r.rw === busyRw)).toBe(true);
      expect(of('petugas.kamal').every((r) => r.kelurahanCode === kamalMuara)).toBe(true);
      expect(of('petugas.kamal2').map((r) => [r.kelurahanCode, r.rw])).toEqual([[kamalMuara, kamalRw]]);

      // Assigning again changes nothing: the quotas are met and the RW has nothing left.
      const again = await ok<AssignResult>(call('kec.penjaringan', 'POST', path, { lines }));
      expect(again.assigned).toBe(0);
      expect(again.lines.map((l) => l.held)).toEqual([1, busy - 1, kamal - 1, 1]);
      // An officer's whole-kelurahan quota counts their RW households there; nothing is left to take anyway.
      const kamal2 = ids['petugas.kamal2']!;
      const rest = await ok<AssignResult>(
        call('kel.kamalmuara', 'POST', path, {
          lines: [{ officerId: kamal2, kelurahanCode: kamalMuara, quota: 50 }],
        }),
      );
      expect(rest.lines[0]).toMatchObject({ held: 1, assigned: 0, shortfall: 49 });
      // Both kinds of line for one officer and kelurahan in one request would make the quota ambiguous.
      const ambiguous = await call('kel.kamalmuara', 'POST', path, {
        lines: [
          { officerId: kamal2, kelurahanCode: kamalMuara, quota: 5 },
          { officerId: kamal2, kelurahanCode: kamalMuara, rw: kamalRw, quota: 2 },
        ],
      });
      expect(ambiguous.status).toBe(400);
      const [audited] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM audit_log
            WHERE subject_type = 'household' AND purpose = 'verification campaign assignment'`,
      );
      expect(audited!.n).toBe(assignment.assigned);

      // Each officer downloads exactly their campaign households.
      for (const user of ['petugas.dua', 'petugas.kamal', 'petugas.kamal2']) {
        const { households: downloaded } = await ok<{ households: { id: number }[] }>(
          call(user, 'GET', '/field/households'),
        );
        expect(downloaded.map((h) => h.id).sort((a, b) => a - b)).toEqual(
          of(user)
            .map((r) => r.householdId)
            .sort((a, b) => a - b),
        );
      }
    });

    it('shows progress per officer and per kelurahan and RW as visits arrive and are approved', async () => {
      type FieldHousehold = { id: number; version: number; attributes: Record<string, unknown> };
      const visit = async (user: string) => {
        const { households: mine } = await ok<{ households: FieldHousehold[] }>(
          call(user, 'GET', '/field/households'),
        );
        const h = mine[0]!;
        const { results } = await ok<{ results: { submissionId: number; status: string }[] }>(
          call(user, 'POST', '/field/submissions', {
            submissions: [
              {
                clientId: randomUUID(),
                householdId: h.id,
                baseVersion: h.version,
                capturedAt: new Date().toISOString(),
                outcome: 'found',
                household: { hasGold: !h.attributes.hasGold },
              },
            ],
          }),
        );
        expect(results[0]!.status).toBe('accepted');
        return results[0]!.submissionId;
      };
      // One visit each by the two Penjaringan officers; petugas.dua's is approved, the other stays pending.
      const approvedVisit = await visit('petugas.dua');
      await visit('petugas.penjaringan');
      await ok(
        call('kel.penjaringan', 'POST', `/field/submissions/${approvedVisit}/review`, {
          decision: 'approve',
        }),
      );
      // A visit received before the campaign started does not count.
      const kamalHousehold = (
        await queryRows<{ id: number }>(
          db(),
          sql`SELECT household_id::int AS id FROM campaign_assignment
              WHERE campaign_id = ${campaign.id} AND officer_id = ${ids['petugas.kamal']} LIMIT 1`,
        )
      )[0]!.id;
      await db().execute(sql`INSERT INTO field_submission
          (client_id, officer_id, household_id, base_version, outcome, captured_at, received_at, status, payload)
          VALUES (${randomUUID()}, ${ids['petugas.kamal']}, ${kamalHousehold}, 1, 'found',
                  now() - interval '20 days', now() - interval '20 days', 'approved', '{}'::jsonb)`);

      const progress = await ok<CampaignProgress>(
        call('kec.penjaringan', 'GET', `/campaigns/${campaign.id}/progress`),
      );
      const stats = (assigned: number, visited: number, approved: number): ProgressCounts => ({
        assigned,
        visited,
        approved,
        remaining: assigned - visited,
        percent: Math.round((1000 * visited) / assigned) / 10,
      });
      const [line1, line2, line3, line4] = assignment.lines;
      const total = assignment.assigned;
      expect(progress.totals).toEqual(stats(total, 2, 1));
      expect(
        Object.fromEntries(progress.officers.map(({ officerId, officerName: _, ...c }) => [officerId, c])),
      ).toEqual({
        [ids['petugas.penjaringan']!]: stats(line1!.assigned, 1, 0),
        [ids['petugas.dua']!]: stats(line2!.assigned, 1, 1),
        [ids['petugas.kamal']!]: stats(line3!.assigned, 0, 0),
        [ids['petugas.kamal2']!]: stats(line4!.assigned, 0, 0),
      });
      const [penj, kamal] = progress.kelurahan;
      expect(penj).toMatchObject({
        kelurahanCode: penjaringan,
        ...stats(line1!.assigned + line2!.assigned, 2, 1),
      });
      expect(penj!.rws).toEqual([{ rw: line1!.rw, ...stats(line1!.assigned + line2!.assigned, 2, 1) }]);
      expect(kamal).toMatchObject({
        kelurahanCode: kamalMuara,
        ...stats(line3!.assigned + line4!.assigned, 0, 0),
      });
      expect(kamal!.rws.reduce((s, r) => s + r.assigned, 0)).toBe(line3!.assigned + line4!.assigned);

      // Within a kelurahan operator's area only.
      const local = await ok<CampaignProgress>(
        call('kel.kamalmuara', 'GET', `/campaigns/${campaign.id}/progress`),
      );
      expect(local.kelurahan.map((k) => k.kelurahanCode)).toEqual([kamalMuara]);
      expect(local.officers.map((o) => o.officerId).sort()).toEqual(
        [ids['petugas.kamal']!, ids['petugas.kamal2']!].sort(),
      );
      expect(local.totals).toEqual(stats(line3!.assigned + line4!.assigned, 0, 0));

      // The approved household no longer matches (verified now), but stays assigned; a closed campaign assigns no more.
      const preview = await ok<CampaignPreview>(
        call('kec.penjaringan', 'GET', `/campaigns/${campaign.id}/preview`),
      );
      expect(preview.totals.assigned).toBe(total - 2); // the approved visit, and the approved one planted in Kamal Muara
      await ok(call('kec.penjaringan', 'POST', `/campaigns/${campaign.id}/status`, { status: 'closed' }));
      expect(
        (
          await call('kec.penjaringan', 'POST', `/campaigns/${campaign.id}/assignments`, {
            lines: [{ officerId: ids['petugas.dua']!, kelurahanCode: penjaringan, quota: 100 }],
          })
        ).status,
      ).toBe(409);
      expect(
        (await call('kec.penjaringan', 'POST', `/campaigns/${campaign.id}/status`, { status: 'active' }))
          .status,
      ).toBe(409);
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 29 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await recomputeWelfare(database.db);
  },
);
