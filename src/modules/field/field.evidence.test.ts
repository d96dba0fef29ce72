import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { householdAssignment } from '../access/access.schema.ts';
import { loginAs, request, signInOutsideReviewer, type TestSession } from '../access/access.test-support.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { maxEvidenceBytes } from './field.evidence.ts';

const password = 'field-evidence-password';
const penjaringan = '31.72.01.1001';

/** The first bytes of a PNG image followed by some pixels-like payload. */
const png = Uint8Array.from([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...Array.from({ length: 600 }, (_, i) => i % 251),
]);
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describeEachDatabase(
  'field verification: evidence files',
  (env) => {
    const db = () => env().ctx.database.db;
    let app: ReturnType<typeof createApp>;
    let officer: TestSession;
    let assigned: number;
    let unassigned: number;

    beforeAll(async () => {
      app = createApp(env().ctx);
      const ids = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id::int FROM household WHERE kelurahan_code = ${penjaringan} AND status = 'active'
            ORDER BY id LIMIT 2`,
      );
      [assigned, unassigned] = ids.map((h) => h.id) as [number, number];
      const [user] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id FROM app_user WHERE username = 'petugas.penjaringan'`,
      );
      await db().insert(householdAssignment).values({ userId: user!.id, householdId: assigned });
      officer = await loginAs(app, 'petugas.penjaringan', password);
    });

    function upload(session: TestSession, householdId: number, name: string, content: Uint8Array | string) {
      const form = new FormData();
      form.set('householdId', String(householdId));
      form.set('file', new File([typeof content === 'string' ? content : Buffer.from(content)], name));
      return request(app, 'POST', '/field/evidence', { session, form });
    }

    async function reasonOf(response: Response): Promise<string | undefined> {
      const body = (await response.json()) as { error: { details?: { issues: { reason: string }[] } } };
      return body.error.details?.issues[0]?.reason;
    }

    it('stores a photo and a PDF by their content and returns the same bytes, each read audited', async () => {
      const response = await upload(officer, assigned, 'foto-rumah.png', png);
      expect(response.status).toBe(201);
      const stored = (await response.json()) as {
        id: string;
        contentType: string;
        sizeBytes: number;
        fileName: string;
      };
      expect(stored).toMatchObject({
        contentType: 'image/png',
        sizeBytes: png.byteLength,
        fileName: 'foto-rumah.png',
      });

      const download = await request(app, 'GET', `/field/evidence/${stored.id}`, { session: officer });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);

      // A PDF declared under a misleading name is still stored as what it is.
      const document = await upload(officer, assigned, 'surat-kematian.jpg', pdf);
      expect(document.status).toBe(201);
      expect(((await document.json()) as { contentType: string }).contentType).toBe('application/pdf');

      const reads = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM audit_log
            WHERE action = 'read' AND subject_id = ${String(assigned)} AND details->>'evidenceId' = ${stored.id}`,
      );
      expect(reads[0]!.n).toBe(1);
    });

    it('refuses files that are not JPEG, PNG or PDF whatever their name says, and files over 5 MB', async () => {
      const script = await upload(officer, assigned, 'foto.jpg', '<script>alert(1)</script>');
      expect(script.status).toBe(400);
      expect(await reasonOf(script)).toBe('not_allowed_type');

      const html = await upload(officer, assigned, 'bukti.pdf', '<html><body>%PDF-</body></html>');
      expect(await reasonOf(html)).toBe('not_allowed_type');

      const exactlyMax = new Uint8Array(maxEvidenceBytes);
      exactlyMax.set(png);
      expect((await upload(officer, assigned, 'besar.png', exactlyMax)).status).toBe(201);

      const overMax = new Uint8Array(maxEvidenceBytes + 1);
      overMax.set(png);
      const tooLarge = await upload(officer, assigned, 'terlalu-besar.png', overMax);
      expect(tooLarge.status).toBe(400);
      expect(await reasonOf(tooLarge)).toBe('too_large');

      const far = new Uint8Array(maxEvidenceBytes * 3);
      far.set(png);
      const farTooLarge = await upload(officer, assigned, 'jauh-terlalu-besar.png', far);
      expect(farTooLarge.status).toBe(400);
      expect(await reasonOf(farTooLarge)).toBe('too_large');

      const [count] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM evidence_file WHERE file_name LIKE '%terlalu%' OR file_name = 'foto.jpg'`,
      );
      expect(count!.n).toBe(0);
    });

    it('keeps only a display name: no directories, no control characters, never used to find the file', async () => {
      const response = await upload(officer, assigned, '../../etc/passwd.png', png);
      expect(response.status).toBe(201);
      const stored = (await response.json()) as { id: string; fileName: string };
      expect(stored.fileName).toBe('passwd.png');
      expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);

      const windows = await upload(officer, assigned, '..\\..\\boot\u0000.ini\u0007.png', png);
      expect(((await windows.json()) as { fileName: string }).fileName).toBe('boot.ini.png');

      const hidden = await upload(officer, assigned, '.....', png);
      expect(((await hidden.json()) as { fileName: string }).fileName).toBe('bukti');

      // A path in place of the id is not a route to anything.
      const traversal = await request(app, 'GET', '/field/evidence/..%2F..%2Fetc%2Fpasswd', {
        session: officer,
      });
      expect(traversal.status).toBe(400);
    });

    it('limits upload and download to households in the caller’s assignment or area', async () => {
      const outside = await upload(officer, unassigned, 'foto.png', png);
      expect(outside.status).toBe(404);

      const own = (await (await upload(officer, assigned, 'foto.png', png)).json()) as { id: string };
      const elsewhere = await signInOutsideReviewer(app, db(), password);
      expect((await request(app, 'GET', `/field/evidence/${own.id}`, { session: elsewhere })).status).toBe(
        404,
      );
      const supervisor = await loginAs(app, 'kel.penjaringan', password);
      expect((await request(app, 'GET', `/field/evidence/${own.id}`, { session: supervisor })).status).toBe(
        200,
      );
      // A role that may read but not change personal data cannot upload.
      const inspector = await loginAs(app, 'inspektorat', password);
      expect((await upload(inspector, assigned, 'foto.png', png)).status).toBe(403);
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.0005, seed: 31 });
    await ensureDemoUsers(database.db, password);
  },
);
