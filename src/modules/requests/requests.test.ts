import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { loginAs, request, signInOutsideReviewer, type TestSession } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { recomputeTargeting } from '../targeting/targeting.recompute.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';

const password = 'change-request-password';
const penjaringan = '31.72.01.1001';
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const day = 24 * 60 * 60 * 1000;

interface Member {
  personId: number;
  nik: string;
  relationship: string;
}
interface Household {
  id: number;
  kk: string;
  members: Member[];
}
interface RequestView {
  id: number;
  trackingCode: string;
  status: string;
  cycle: string;
  submittedAt: string;
  dueAt: string;
  overdue: boolean;
  escalated: boolean;
  decisionNote: string | null;
  result: { households?: { householdId: number; version: number }[]; suspendedEnrolments?: number[] } | null;
}

/** A NIK of Penjaringan's kecamatan for a birth date and sex (day + 40 for women), with a sequence number. */
function nikFor(birthDate: string, sex: 'M' | 'F', sequence: number): string {
  const [year, month, dayOfMonth] = birthDate.split('-');
  const dd = String(Number(dayOfMonth) + (sex === 'F' ? 40 : 0)).padStart(2, '0');
  return `317201${dd}${month}${year!.slice(2)}${String(sequence).padStart(4, '0')}`;
}

/** The update cycle expected for a request made at `at` with a cut-off day, worked out on Jakarta's calendar. */
function expectedCycle(at: string, cutoffDay: number): string {
  const jakarta = new Date(Date.parse(at) + 7 * 60 * 60 * 1000);
  const next = jakarta.getUTCDate() > cutoffDay;
  const month = new Date(Date.UTC(jakarta.getUTCFullYear(), jakarta.getUTCMonth() + (next ? 1 : 0), 1));
  return month.toISOString().slice(0, 7);
}

const member = <T extends Record<string, unknown>>(overrides: T) => ({
  name: 'Anggota Baru',
  sex: 'M',
  birthDate: '2026-10-05',
  maritalStatus: 'single',
  education: 'none',
  occupation: 'not_working',
  schoolEnrolment: 'not_yet',
  relationship: 'child',
  ...overrides,
});

describeEachDatabase(
  'change requests (pemutakhiran mandiri)',
  (env) => {
    const db = () => env().ctx.database.db;
    let app: ReturnType<typeof createApp>;
    let desk: TestSession;
    let households: Household[];
    let sequence = 9000;

    beforeAll(async () => {
      app = createApp(env().ctx);
      const rows = await queryRows<{
        id: number;
        kk: string;
        personId: number;
        nik: string;
        relationship: string;
      }>(
        db(),
        sql`SELECT h.id::int, h.kk_number AS kk, p.id::int AS "personId", p.nik, m.relationship
            FROM household h
            JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL
            JOIN person p ON p.id = m.person_id AND p.status = 'active'
            WHERE h.kelurahan_code = ${penjaringan} AND h.status = 'active'
              AND (SELECT count(*) FROM household_member x WHERE x.household_id = h.id AND x.end_date IS NULL) >= 3
              AND NOT EXISTS (SELECT 1 FROM household o WHERE o.kk_number = h.kk_number AND o.id <> h.id)
              AND NOT EXISTS (SELECT 1 FROM person q WHERE q.nik = p.nik AND q.id <> p.id)
            ORDER BY h.id, m.position`,
      );
      const byId = new Map<number, Household>();
      for (const r of rows) {
        const h = byId.get(r.id) ?? { id: r.id, kk: r.kk, members: [] };
        h.members.push({ personId: r.personId, nik: r.nik, relationship: r.relationship });
        byId.set(r.id, h);
      }
      households = [...byId.values()].filter((h) => h.members.length >= 3);
      expect(households.length).toBeGreaterThanOrEqual(10);
      desk = await loginAs(app, 'kel.penjaringan', password);
    });

    async function evidenceFor(householdId: number): Promise<string> {
      const form = new FormData();
      form.set('householdId', String(householdId));
      form.set('file', new File([Buffer.from(png)], 'bukti.png'));
      const response = await request(app, 'POST', '/field/evidence', { session: desk, form });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    }

    async function fileAtDesk(body: Record<string, unknown>): Promise<RequestView> {
      const response = await request(app, 'POST', '/change-requests', { session: desk, body });
      expect(response.status, await response.clone().text()).toBe(201);
      return (await response.json()) as RequestView;
    }

    function selfService(
      fields: Record<string, string>,
      files: { kind: string; content?: Uint8Array }[] = [],
    ) {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.set(key, value);
      for (const file of files) {
        form.append('file', new File([Buffer.from(file.content ?? png)], 'dokumen.png'));
        form.append('kind', file.kind);
      }
      return request(app, 'POST', '/self-service/change-requests', { form });
    }

    async function act(id: number, path: 'verify' | 'decision', body?: unknown, session = desk) {
      const response = await request(app, 'POST', `/change-requests/${id}/${path}`, { session, body });
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as RequestView;
    }

    async function publicStatus(trackingCode: string, nik: string) {
      return request(app, 'POST', '/self-service/change-requests/status', { body: { trackingCode, nik } });
    }

    const currentMembers = (householdId: number) =>
      queryRows<{ personId: number; status: string; relationship: string }>(
        db(),
        sql`SELECT p.id::int AS "personId", p.status, m.relationship FROM household_member m
            JOIN person p ON p.id = m.person_id WHERE m.household_id = ${householdId} AND m.end_date IS NULL
            ORDER BY m.position`,
      );

    it('a birth at the desk: evidence rules, one request per form, submitted → verifying → approved with provenance', async () => {
      const h = households[0]!;
      const nik = nikFor('2026-10-05', 'M', sequence++);
      const payload = { householdId: h.id, member: member({ nik }) };
      // No document, or the wrong kind of document: refused, nothing stored.
      const bare = await request(app, 'POST', '/change-requests', {
        session: desk,
        body: { type: 'birth', payload },
      });
      expect(bare.status).toBe(400);
      expect(JSON.stringify(await bare.json())).toContain('evidence_required');
      const evidenceId = await evidenceFor(h.id);
      const wrongKind = await request(app, 'POST', '/change-requests', {
        session: desk,
        body: { type: 'birth', payload, evidence: [{ evidenceId, kind: 'surat_pindah' }] },
      });
      expect(JSON.stringify(await wrongKind.json())).toContain('kind_not_accepted');
      const otherHousehold = await evidenceFor(households[1]!.id);
      const foreign = await request(app, 'POST', '/change-requests', {
        session: desk,
        body: { type: 'birth', payload, evidence: [{ evidenceId: otherHousehold, kind: 'akta_kelahiran' }] },
      });
      expect(JSON.stringify(await foreign.json())).toContain('unknown_evidence');

      const clientId = randomUUID();
      const body = { clientId, type: 'birth', payload, evidence: [{ evidenceId, kind: 'akta_kelahiran' }] };
      const created = await fileAtDesk(body);
      const again = await fileAtDesk(body);
      expect(again.id).toBe(created.id);
      const [count] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM change_request WHERE household_id = ${h.id}`,
      );
      expect(count!.n).toBe(1);
      expect(created.status).toBe('submitted');
      expect(created.trackingCode).toMatch(/^PM-[2-9A-HJKMNP-Z]{8}$/);
      expect(created.cycle).toBe(expectedCycle(created.submittedAt, 17));
      expect(Date.parse(created.dueAt) - Date.parse(created.submittedAt)).toBe(14 * day);

      expect((await act(created.id, 'verify')).status).toBe('verifying');
      const approved = await act(created.id, 'decision', { decision: 'approve' });
      expect(approved.status).toBe('approved');
      // A second decision (a double click) is refused: the birth is not applied twice.
      const twice = await request(app, 'POST', `/change-requests/${created.id}/decision`, {
        session: desk,
        body: { decision: 'approve' },
      });
      expect(twice.status).toBe(409);
      const [baby] = await queryRows<{
        personId: number;
        provenance: Record<string, { source: string; evidence: string }>;
      }>(
        db(),
        sql`SELECT p.id::int AS "personId", p.provenance FROM person p
            JOIN household_member m ON m.person_id = p.id AND m.end_date IS NULL AND m.household_id = ${h.id}
            WHERE p.nik = ${nik}`,
      );
      expect(baby!.provenance.name).toMatchObject({
        source: 'change-request',
        evidence: `change_request:${created.id}`,
      });
      const [version] = await queryRows<{ version: number; source: string }>(
        db(),
        sql`SELECT h.version, v.change_source AS source FROM household h
            JOIN household_version v ON v.household_id = h.id AND v.valid_to = h.valid_from WHERE h.id = ${h.id}`,
      );
      expect(version).toEqual({
        version: approved.result!.households![0]!.version,
        source: 'change-request',
      });
    });

    it('a death by self-service: identified by NIK and KK, tracked by code, approved, the member ends as deceased', async () => {
      const h = households[2]!;
      const requester = h.members[0]!;
      const deceased = h.members[2]!;
      const fields = {
        nik: requester.nik,
        kkNumber: h.kk,
        type: 'death',
        payload: JSON.stringify({ personNik: deceased.nik, date: '2026-11-10' }),
        requesterName: 'Warga Penjaringan',
      };
      const unmatched = await selfService({ ...fields, kkNumber: households[3]!.kk }, [
        { kind: 'akta_kematian' },
      ]);
      expect(unmatched.status).toBe(401);
      const notFamily = await selfService(
        {
          ...fields,
          payload: JSON.stringify({ personNik: households[3]!.members[0]!.nik, date: '2026-11-10' }),
        },
        [{ kind: 'akta_kematian' }],
      );
      expect(notFamily.status).toBe(400);
      const script = await selfService(fields, [
        { kind: 'akta_kematian', content: new TextEncoder().encode('<svg onload=alert(1)>') },
      ]);
      expect(JSON.stringify(await script.json())).toContain('not_allowed_type');

      const response = await selfService(fields, [{ kind: 'akta_kematian' }]);
      expect(response.status).toBe(201);
      const filed = (await response.json()) as RequestView;
      expect(filed).toMatchObject({ status: 'submitted', overdue: false });
      const status = await publicStatus(filed.trackingCode, requester.nik);
      expect(await status.json()).toMatchObject({ trackingCode: filed.trackingCode, status: 'submitted' });
      expect((await publicStatus(filed.trackingCode, deceased.nik)).status).toBe(404);

      const [stored] = await queryRows<{ id: number; evidence: { evidenceId: string; kind: string }[] }>(
        db(),
        sql`SELECT id::int, evidence FROM change_request WHERE tracking_code = ${filed.trackingCode}`,
      );
      expect(stored!.evidence).toHaveLength(1);
      expect(stored!.evidence[0]!.kind).toBe('akta_kematian');
      await act(stored!.id, 'decision', { decision: 'approve' });
      const [gone] = await queryRows<{ status: string; endDate: string }>(
        db(),
        sql`SELECT p.status, m.end_date::text AS "endDate" FROM person p
            JOIN household_member m ON m.person_id = p.id AND m.household_id = ${h.id} WHERE p.id = ${deceased.personId}`,
      );
      expect(gone).toEqual({ status: 'deceased', endDate: '2026-11-10' });
      expect(await (await publicStatus(filed.trackingCode, requester.nik)).json()).toMatchObject({
        status: 'approved',
      });
    });

    it('a move in of a newcomer without a DKI KTP is recorded by domicile; a move out rejected leaves the registry alone', async () => {
      const h = households[4]!;
      const nik = nikFor('1990-03-12', 'F', sequence++).replace(/^317201/, '327301');
      const evidenceId = await evidenceFor(h.id);
      const moveIn = await fileAtDesk({
        type: 'move_in',
        payload: {
          householdId: h.id,
          member: member({
            nik,
            sex: 'F',
            birthDate: '1990-03-12',
            relationship: 'other_relative',
            ktpRegionCode: '32.73',
            maritalStatus: 'married',
            occupation: 'labourer',
            education: 'sma',
            schoolEnrolment: 'not_yet',
          }),
        },
        evidence: [{ evidenceId, kind: 'surat_pindah' }],
      });
      await act(moveIn.id, 'decision', { decision: 'approve' });
      const [newcomer] = await queryRows<{ ktp: string; kelurahan: string }>(
        db(),
        sql`SELECT p.ktp_region_code AS ktp, h.kelurahan_code AS kelurahan FROM person p
            JOIN household_member m ON m.person_id = p.id AND m.end_date IS NULL
            JOIN household h ON h.id = m.household_id WHERE p.nik = ${nik}`,
      );
      expect(newcomer).toEqual({ ktp: '32.73', kelurahan: penjaringan });

      const before = await currentMembers(h.id);
      const moveOut = await selfService(
        {
          nik: h.members[0]!.nik,
          kkNumber: h.kk,
          type: 'move_out',
          payload: JSON.stringify({
            personNik: h.members[1]!.nik,
            date: '2026-11-01',
            destination: 'Bekasi',
          }),
        },
        [{ kind: 'surat_pindah' }],
      );
      const filed = (await moveOut.json()) as RequestView;
      const [row] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id::int FROM change_request WHERE tracking_code = ${filed.trackingCode}`,
      );
      const noNote = await request(app, 'POST', `/change-requests/${row!.id}/decision`, {
        session: desk,
        body: { decision: 'reject' },
      });
      expect(noNote.status).toBe(400);
      const rejected = await act(row!.id, 'decision', {
        decision: 'reject',
        note: 'Surat pindah tidak terbaca.',
      });
      expect(rejected).toMatchObject({ status: 'rejected', decisionNote: 'Surat pindah tidak terbaca.' });
      expect(await currentMembers(h.id)).toEqual(before);
      expect(await (await publicStatus(filed.trackingCode, h.members[0]!.nik)).json()).toMatchObject({
        status: 'rejected',
        decisionNote: 'Surat pindah tidak terbaca.',
      });

      // Filed again with a readable letter, at the desk this time: the member leaves as moved out.
      const again = await fileAtDesk({
        type: 'move_out',
        payload: {
          householdId: h.id,
          personId: h.members[1]!.personId,
          date: '2026-11-01',
          destination: 'Bekasi',
        },
        evidence: [{ evidenceId: await evidenceFor(h.id), kind: 'surat_pindah' }],
      });
      await act(again.id, 'decision', { decision: 'approve' });
      const [moved] = await queryRows<{ status: string; endDate: string }>(
        db(),
        sql`SELECT p.status, m.end_date::text AS "endDate" FROM person p
            JOIN household_member m ON m.person_id = p.id AND m.household_id = ${h.id}
            WHERE p.id = ${h.members[1]!.personId}`,
      );
      expect(moved).toEqual({ status: 'moved_out', endDate: '2026-11-01' });
    });

    it('newcomers: recorded by domicile, and each program’s rule decides (KJP Plus asks for a DKI KTP)', async () => {
      // A household whose school children qualify for KJP Plus today (its desil and assets pass the rule).
      const [eligible] = await queryRows<{ householdId: number }>(
        db(),
        sql`SELECT DISTINCT e.household_id::int AS "householdId" FROM eligible_unit e
            WHERE e.kelurahan_code = ${penjaringan} AND 'KJP_PLUS' = ANY (e.programs) AND e.person_id <> 0
            ORDER BY 1 LIMIT 1`,
      );
      expect(eligible).toBeDefined();
      const householdId = eligible!.householdId;
      const child = (ktpRegionCode: string) =>
        member({
          nik: nikFor('2016-04-09', 'M', sequence++),
          birthDate: '2016-04-09',
          relationship: 'other_relative',
          education: 'sd_incomplete',
          occupation: 'student',
          schoolEnrolment: 'enrolled',
          ktpRegionCode,
        });
      const fromJakarta = child('31.72');
      const fromBogor = child('32.01');
      for (const newcomer of [fromJakarta, fromBogor]) {
        const filed = await fileAtDesk({
          type: 'move_in',
          payload: { householdId, member: newcomer },
          evidence: [{ evidenceId: await evidenceFor(householdId), kind: 'kartu_keluarga' }],
        });
        await act(filed.id, 'decision', { decision: 'approve' });
      }
      const programsOf = async (nik: string) => {
        const [row] = await queryRows<{ programs: string[] | null }>(
          db(),
          sql`SELECT (SELECT e.programs FROM eligible_unit e WHERE e.person_id = p.id) AS programs
              FROM person p WHERE p.nik = ${nik}`,
        );
        return row!.programs ?? [];
      };
      expect(await programsOf(fromJakarta.nik)).toContain('KJP_PLUS');
      expect(await programsOf(fromBogor.nik)).not.toContain('KJP_PLUS');
    });

    it('a household split and a household merge change both households as versions', async () => {
      const h = households[5]!;
      const leaving = h.members[h.members.length - 1]!;
      const newKk = `3172011111260${String(sequence++).slice(-3)}`;
      const split = await fileAtDesk({
        type: 'household_split',
        payload: {
          householdId: h.id,
          newKkNumber: newKk,
          members: [{ personId: leaving.personId, relationship: 'head' }],
        },
        evidence: [{ evidenceId: await evidenceFor(h.id), kind: 'kartu_keluarga' }],
      });
      const done = await act(split.id, 'decision', { decision: 'approve' });
      const newId = done.result!.households![1]!.householdId;
      expect(await currentMembers(newId)).toEqual([
        { personId: leaving.personId, status: 'active', relationship: 'head' },
      ]);
      expect((await currentMembers(h.id)).map((m) => m.personId)).not.toContain(leaving.personId);
      const [created] = await queryRows<{ kk: string; kelurahan: string }>(
        db(),
        sql`SELECT kk_number AS kk, kelurahan_code AS kelurahan FROM household WHERE id = ${newId}`,
      );
      expect(created).toEqual({ kk: newKk, kelurahan: penjaringan });

      const a = households[6]!;
      const b = households[7]!;
      const merge = await fileAtDesk({
        type: 'household_merge',
        payload: { householdId: a.id, otherKkNumber: b.kk },
        evidence: [{ evidenceId: await evidenceFor(a.id), kind: 'kartu_keluarga' }],
      });
      await act(merge.id, 'decision', { decision: 'approve' });
      const merged = await currentMembers(a.id);
      expect(merged.map((m) => m.personId).sort()).toEqual(
        [...a.members, ...b.members].map((m) => m.personId).sort(),
      );
      expect(merged.filter((m) => m.relationship === 'head')).toHaveLength(1);
      expect(await currentMembers(b.id)).toEqual([]);
      const [ended] = await queryRows<{ status: string }>(
        db(),
        sql`SELECT status FROM household WHERE id = ${b.id}`,
      );
      expect(ended!.status).toBe('merged');
    });

    it('a new household proposed by a resident, a correction re-ranked, and an upheld challenge suspends the enrolment', async () => {
      const nik = nikFor('1988-07-21', 'M', sequence++);
      const kk = `3172010101260${String(sequence++).slice(-3)}`;
      const proposal = {
        kkNumber: kk,
        kelurahanCode: penjaringan,
        rw: '004',
        rt: '002',
        address: 'Jl. Pluit Karang Utara No. 5',
        tenure: 'rent',
        floorAreaM2: 18,
        floorMaterial: 'cement',
        wallMaterial: 'plaster_bamboo_wire',
        roofMaterial: 'metal_zinc',
        waterSource: 'bottled',
        lightingSource: 'pln_metered',
        cookingFuel: 'lpg_3kg',
        toiletFacility: 'shared',
        hasRefrigerator: false,
        hasAirConditioner: false,
        hasMotorcycle: false,
        hasCar: false,
        hasComputer: false,
        hasGold: false,
        hasLand: false,
        members: [
          member({
            nik,
            name: 'Pendatang Baru',
            birthDate: '1988-07-21',
            relationship: 'head',
            maritalStatus: 'married',
            occupation: 'labourer',
            education: 'smp',
          }),
        ],
      };
      const notMine = await selfService(
        {
          nik: households[0]!.members[0]!.nik,
          kkNumber: kk,
          type: 'new_household',
          payload: JSON.stringify(proposal),
        },
        [{ kind: 'surat_keterangan_domisili' }],
      );
      expect(notMine.status).toBe(400);
      const response = await selfService(
        { nik, kkNumber: kk, type: 'new_household', payload: JSON.stringify(proposal) },
        [{ kind: 'surat_keterangan_domisili' }],
      );
      expect(response.status, await response.clone().text()).toBe(201);
      const filed = (await response.json()) as RequestView;
      const [row] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id::int FROM change_request WHERE tracking_code = ${filed.trackingCode}`,
      );
      // Its documents are visible to the kelurahan's reviewer though no household exists yet.
      const detail = (await (
        await request(app, 'GET', `/change-requests/${row!.id}`, { session: desk })
      ).json()) as {
        evidence: { evidenceId: string }[];
      };
      const document = await request(app, 'GET', `/field/evidence/${detail.evidence[0]!.evidenceId}`, {
        session: desk,
      });
      expect(document.status).toBe(200);
      const approved = await act(row!.id, 'decision', { decision: 'approve' });
      const newId = approved.result!.households![0]!.householdId;
      const [registered] = await queryRows<{ kk: string; desil: number | null }>(
        db(),
        sql`SELECT h.kk_number AS kk, (SELECT r.desil FROM household_welfare r WHERE r.household_id = h.id
                                        ORDER BY r.snapshot_id DESC LIMIT 1) AS desil
            FROM household h WHERE h.id = ${newId}`,
      );
      expect(registered!.kk).toBe(kk);
      expect(registered!.desil).not.toBeNull();

      const h = households[8]!;
      const correction = await fileAtDesk({
        type: 'correction',
        payload: { householdId: h.id, field: 'floorAreaM2', value: 250 },
        evidence: [{ evidenceId: await evidenceFor(h.id), kind: 'foto' }],
      });
      await act(correction.id, 'decision', { decision: 'approve' });
      const [corrected] = await queryRows<{ area: number; source: string }>(
        db(),
        sql`SELECT floor_area_m2::float AS area, provenance->'floorAreaM2'->>'source' AS source FROM household WHERE id = ${h.id}`,
      );
      expect(corrected).toEqual({ area: 250, source: 'change-request' });

      const target = households[9]!;
      const [program] = await queryRows<{ code: string }>(
        db(),
        sql`SELECT code FROM program ORDER BY code LIMIT 1`,
      );
      const [enrolled] = await queryRows<{ id: number }>(
        db(),
        sql`INSERT INTO enrolment (program_code, household_id, provider, provider_kind, start_date)
            VALUES (${program!.code}, ${target.id}, 'DINSOS', 'agency', '2026-01-01') RETURNING id::int`,
      );
      const challenge = await selfService(
        {
          nik: households[0]!.members[0]!.nik,
          kkNumber: households[0]!.kk,
          type: 'recipient_challenge',
          payload: JSON.stringify({
            targetKkNumber: target.kk,
            programCode: program!.code,
            reason: 'Keluarga ini memiliki mobil dan usaha besar.',
          }),
        },
        [],
      );
      expect(challenge.status).toBe(201);
      const { trackingCode } = (await challenge.json()) as RequestView;
      const [desked] = await queryRows<{ id: number; householdId: number }>(
        db(),
        sql`SELECT id::int, household_id::int AS "householdId" FROM change_request WHERE tracking_code = ${trackingCode}`,
      );
      // The request is about the challenged household, routed to its kelurahan.
      expect(desked!.householdId).toBe(target.id);
      const upheld = await act(desked!.id, 'decision', { decision: 'approve' });
      expect(upheld.result!.suspendedEnrolments).toEqual([enrolled!.id]);
      const [suspended] = await queryRows<{ status: string }>(
        db(),
        sql`SELECT status FROM enrolment WHERE id = ${enrolled!.id}`,
      );
      expect(suspended!.status).toBe('suspended');
    });

    it('a missed deadline: marked overdue, escalated to the kecamatan, still decided; deadlines and cut-off configurable', async () => {
      const h = households[10] ?? households[1]!;
      const late = await fileAtDesk({
        type: 'correction',
        payload: { householdId: h.id, field: 'hasGold', value: true },
        evidence: [{ evidenceId: await evidenceFor(h.id), kind: 'foto' }],
      });
      const onTime = await fileAtDesk({
        type: 'correction',
        payload: { householdId: h.id, field: 'hasLand', value: true },
        evidence: [{ evidenceId: await evidenceFor(h.id), kind: 'foto' }],
      });
      // Fifteen days pass without a decision on the first.
      await db().execute(
        sql`UPDATE change_request SET submitted_at = submitted_at - interval '15 days', due_at = due_at - interval '15 days'
            WHERE id = ${late.id}`,
      );
      const inbox = async (session: TestSession) =>
        (await (await request(app, 'GET', '/change-requests?pageSize=100', { session })).json()) as {
          counts: { submitted: number; overdue: number; dueSoon: number };
          items: RequestView[];
        };
      const kelurahan = await inbox(desk);
      expect(kelurahan.counts.overdue).toBe(1);
      expect(kelurahan.items[0]!.id).toBe(late.id);
      expect(kelurahan.items[0]).toMatchObject({ overdue: true, escalated: true });
      expect(kelurahan.items.find((i) => i.id === onTime.id)).toMatchObject({ overdue: false });
      const kecamatan = await loginAs(app, 'kec.penjaringan', password);
      expect((await inbox(kecamatan)).items[0]).toMatchObject({ id: late.id, escalated: true });
      const [tracked] = await queryRows<{ code: string }>(
        db(),
        sql`SELECT tracking_code AS code FROM change_request WHERE id = ${late.id}`,
      );
      expect(tracked!.code).toBe(late.trackingCode);
      const decided = await act(late.id, 'decision', { decision: 'approve' }, kecamatan);
      expect(decided).toMatchObject({ status: 'approved', overdue: true, escalated: false });

      // Outside the area: nothing to see.
      const outsider = await signInOutsideReviewer(app, db(), password);
      expect((await request(app, 'GET', `/change-requests/${onTime.id}`, { session: outsider })).status).toBe(
        404,
      );
      expect((await inbox(outsider)).items).toEqual([]);

      // Settings: only the secretariat; a shorter deadline and an earlier cut-off apply to new requests.
      const settings = { cutoffDay: 5, deadlineDays: { correction: 3 } };
      expect(
        (await request(app, 'PUT', '/change-requests/settings', { session: desk, body: settings })).status,
      ).toBe(403);
      const secretariat = await loginAs(app, 'sekretariat', password);
      const put = await request(app, 'PUT', '/change-requests/settings', {
        session: secretariat,
        body: settings,
      });
      expect(put.status).toBe(200);
      const after = await fileAtDesk({
        type: 'correction',
        payload: { householdId: h.id, field: 'hasCar', value: true },
        evidence: [{ evidenceId: await evidenceFor(h.id), kind: 'foto' }],
      });
      expect(Date.parse(after.dueAt) - Date.parse(after.submittedAt)).toBe(3 * day);
      expect(after.cycle).toBe(expectedCycle(after.submittedAt, 5));
      const cutoffLate = await request(app, 'PUT', '/change-requests/settings', {
        session: secretariat,
        body: { cutoffDay: 28, deadlineDays: {} },
      });
      expect(
        ((await cutoffLate.json()) as { deadlineDays: { correction: number } }).deadlineDays.correction,
      ).toBe(3);
      const last = await fileAtDesk({
        type: 'correction',
        payload: { householdId: h.id, field: 'hasComputer', value: true },
        evidence: [{ evidenceId: await evidenceFor(h.id), kind: 'foto' }],
      });
      expect(last.cycle).toBe(expectedCycle(last.submittedAt, 28));
    });

    it('self-service identification is throttled, and only area roles handle requests', async () => {
      const h = households[1]!;
      const officer = await loginAs(app, 'petugas.penjaringan', password);
      const byOfficer = await request(app, 'POST', '/change-requests', {
        session: officer,
        body: {
          type: 'recipient_challenge',
          payload: { householdId: h.id, programCode: 'KJP_PLUS', reason: 'Alasan yang cukup panjang.' },
        },
      });
      expect(byOfficer.status).toBe(403);
      const wrong = {
        nik: h.members[0]!.nik,
        kkNumber: households[2]!.kk,
        type: 'recipient_challenge',
        payload: '{"programCode":"KJP_PLUS","reason":"Alasan yang cukup panjang."}',
      };
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await selfService(wrong)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      // Even the right KK is refused while throttled: guessing is not rewarded.
      expect((await selfService({ ...wrong, kkNumber: h.kk })).status).toBe(429);
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 41 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await recomputeWelfare(database.db);
    await recomputeTargeting(database.db);
  },
);
