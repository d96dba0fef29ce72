/**
 * Area extracts (issue 6, part 3): the households or persons of an area as CSV in the column layout of the
 * import (docs/import-format.md, imports.mapping.ts), so an extract can be re-imported. Authorised roles only:
 * the secretariat, and a kota TKPK for its own kota. Streamed in keyset pages, so memory stays flat however large
 * the area; each page's households are audited (`export`, with the purpose) as the page is read.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, validationError } from '../../http/errors.ts';
import { isRegionInArea } from '../access/access.scope.ts';
import { appendToAuditChain } from '../audit/audit.service.ts';
import { householdFieldSpecs, personFieldSpecs, type ImportFileKind } from '../imports/imports.mapping.ts';
import { codeWithin } from '../regions/region-sql.ts';

export const minPurposeLength = 10;
const pageSize = 2_000;

/** Refuses roles and areas that may not take a full extract, and a missing or too short purpose. */
export function authoriseExtract(user: SessionUser, region: string, purpose: string | undefined): string {
  const allowed =
    (user.role === 'secretariat' || user.role === 'kota_tkpk') && isRegionInArea(region, user.regionCode);
  if (!allowed)
    throw new AppError(
      'FORBIDDEN',
      'Only the secretariat, or a kota TKPK for its kota, may extract an area.',
    );
  const text = purpose?.trim() ?? '';
  if (text.length < minPurposeLength)
    throw validationError([
      {
        path: 'query.purpose',
        reason: 'too_short',
        message: `State the purpose (at least ${minPurposeLength} characters).`,
      },
    ]);
  return text;
}

const quote = (value: string | null) => {
  if (value === null) return '';
  const text = value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** One keyset page of the extract: rows as cell arrays in the import's column order, and their households. */
async function page(db: Db, kind: ImportFileKind, region: string, afterKey: string) {
  const inArea = codeWithin(sql`h.kelurahan_code`, region);
  if (kind === 'household') {
    const columns = householdFieldSpecs.map((s) => sql.raw(`h.${s.field}::text`));
    return queryRows<{ key: string; household_id: string; kelurahan_code: string; cells: (string | null)[] }>(
      db,
      sql`SELECT lpad(h.id::text, 20, '0') AS key, h.id::text AS household_id, h.kelurahan_code,
          ARRAY[${sql.join(columns, sql`, `)}] AS cells
        FROM household h WHERE h.status = 'active' AND ${inArea} AND lpad(h.id::text, 20, '0') > ${afterKey}
        ORDER BY key LIMIT ${pageSize}`,
    );
  }
  const columns = personFieldSpecs.map((s) =>
    sql.raw(
      s.field === 'kk_number'
        ? 'h.kk_number'
        : s.field === 'relationship' || s.field === 'position'
          ? `hm.${s.field}::text`
          : `p.${s.field}::text`,
    ),
  );
  return queryRows<{ key: string; household_id: string; kelurahan_code: string; cells: (string | null)[] }>(
    db,
    sql`SELECT lpad(h.id::text, 20, '0') || lpad(p.id::text, 20, '0') AS key, h.id::text AS household_id,
        h.kelurahan_code, ARRAY[${sql.join(columns, sql`, `)}] AS cells
      FROM household h JOIN household_member hm ON hm.household_id = h.id AND hm.end_date IS NULL
      JOIN person p ON p.id = hm.person_id
      WHERE h.status = 'active' AND ${inArea}
        AND lpad(h.id::text, 20, '0') || lpad(p.id::text, 20, '0') > ${afterKey}
      ORDER BY key LIMIT ${pageSize}`,
  );
}

/** The extract as a stream of CSV text (UTF-8 BOM, header row of the import's DTSEN headers). */
export function extractStream(
  db: Db,
  user: SessionUser,
  kind: ImportFileKind,
  region: string,
  purpose: string,
): ReadableStream<Uint8Array> {
  const specs = kind === 'household' ? householdFieldSpecs : personFieldSpecs;
  const encoder = new TextEncoder();
  let afterKey = '';
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${specs.map((s) => s.headers[0]).join(',')}\r\n`));
        return;
      }
      const rows = await page(db, kind, region, afterKey);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      afterKey = rows.at(-1)!.key;
      const households = new Map(rows.map((r) => [r.household_id, r.kelurahan_code]));
      await db.transaction((tx) =>
        appendToAuditChain(
          tx,
          [...households].map(([id, kelurahan]) => ({
            actor: user,
            entry: {
              action: 'export',
              subjectType: 'household',
              subjectId: id,
              regionCode: kelurahan,
              purpose,
              details: { extract: kind, region },
            },
          })),
        ),
      );
      controller.enqueue(encoder.encode(rows.map((r) => `${r.cells.map(quote).join(',')}\r\n`).join('')));
    },
  });
}
