import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
  createEmptyDatabase,
  describeEachDatabase,
  type DatabaseKind,
} from '../../../tests/support/database.ts';
import { queryRows, type Database, type Db } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { AppError } from '../../http/errors.ts';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import { loadProvinceRegions } from '../regions/regions.service.ts';
import { checkNikAgainstPerson, parseNik } from '../registry/nik.ts';
import { kotaParameters } from './synthetic.data.ts';
import { seedPopulation, type SeedResult } from './synthetic.service.ts';

const scale = 0.01;
const seed = 2025;

/** Persons who really exist: every person record except planted duplicates. */
const truePersons = sql`(SELECT * FROM person x WHERE NOT EXISTS
  (SELECT 1 FROM synthetic.planted_duplicate d WHERE d.duplicate_person_id = x.id)) p`;

/** One checksum over the registry and ground-truth tables (timestamps of the load excluded). */
async function checksum(db: Db): Promise<string> {
  const [row] = await queryRows<{ sum: string }>(
    db,
    sql`SELECT md5(concat_ws(':',
      (SELECT string_agg((to_jsonb(t) - 'created_at' - 'valid_from')::text, E'\\n' ORDER BY id) FROM household t),
      (SELECT string_agg((to_jsonb(t) - 'created_at')::text, E'\\n' ORDER BY id) FROM person t),
      (SELECT string_agg(to_jsonb(t)::text, E'\\n' ORDER BY household_id, person_id) FROM household_member t),
      (SELECT string_agg(to_jsonb(t)::text, E'\\n' ORDER BY household_id) FROM synthetic.household_truth t),
      (SELECT string_agg(to_jsonb(t)::text, E'\\n' ORDER BY duplicate_person_id) FROM synthetic.planted_duplicate t)
    )) AS sum`,
  );
  return row!.sum;
}

/** A fresh migrated database with Jakarta's regions, for runs that must not share state. */
async function withFreshDatabase<T>(
  kind: DatabaseKind,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const { database, drop } = await createEmptyDatabase(kind);
  try {
    await migrateDatabase(database);
    await loadProvinceRegions(database.db, '31');
    return await work(database);
  } finally {
    await drop();
  }
}

let seeded: SeedResult;

describeEachDatabase(
  'synthetic population',
  (env) => {
    it('reports its counts and records the run', async () => {
      const { db } = env().ctx.database;
      expect(seeded.persons).toBeGreaterThan(105_000);
      expect(seeded.persons).toBeLessThan(120_000);
      expect(seeded.persons / seeded.households).toBeGreaterThan(2.9);
      expect(seeded.persons / seeded.households).toBeLessThan(3.25);
      const [counts] = await queryRows<{ households: number; persons: number; runs: number }>(
        db,
        sql`SELECT (SELECT count(*)::int FROM household) AS households, (SELECT count(*)::int FROM person) AS persons,
                   (SELECT count(*)::int FROM synthetic.run WHERE id = ${seeded.runId}) AS runs`,
      );
      expect(counts).toEqual({
        households: seeded.households,
        persons: seeded.persons + seeded.duplicates,
        runs: 1,
      });
    });

    it('matches the BPS 2024 kota poverty rates within 0.5 points, higher in priority kecamatan', async () => {
      const rows = await queryRows<{ kota: string; priority: boolean; persons: number; poor: number }>(
        env().ctx.database.db,
        sql`SELECT substr(h.kelurahan_code, 1, 5) AS kota, kc.is_priority AS priority,
                   count(*)::int AS persons, (count(*) FILTER (WHERE t.is_poor))::int AS poor
            FROM ${truePersons}
            JOIN household_member m ON m.person_id = p.id JOIN household h ON h.id = m.household_id
            JOIN synthetic.household_truth t ON t.household_id = h.id
            JOIN region kc ON kc.code = substr(h.kelurahan_code, 1, 8)
            GROUP BY 1, 2`,
      );
      for (const kota of kotaParameters) {
        const parts = rows.filter((r) => r.kota === kota.code);
        const persons = parts.reduce((s, r) => s + r.persons, 0);
        const poor = parts.reduce((s, r) => s + r.poor, 0);
        expect(Math.abs((100 * poor) / persons - kota.p0), kota.name).toBeLessThanOrEqual(0.5);
        const rate = (priority: boolean) =>
          parts.filter((r) => r.priority === priority).map((r) => r.poor / r.persons)[0];
        expect(rate(true)!, kota.name).toBeGreaterThan(rate(false)!);
      }
    });

    it('stores consumption consistent with the poverty flags; extreme poor about 0.35 % of persons', async () => {
      const [row] = await queryRows<{ wrong: number; extreme: number; persons: number }>(
        env().ctx.database.db,
        sql`SELECT (SELECT count(*)::int FROM synthetic.household_truth WHERE is_poor <> (true_pc_consumption < poverty_line)
                     OR is_extreme_poor <> (true_pc_consumption < 350000)) AS wrong,
                   (SELECT count(*)::int FROM household_member m JOIN synthetic.household_truth t USING (household_id)
                     WHERE t.is_extreme_poor) AS extreme,
                   (SELECT count(*)::int FROM household_member) AS persons`,
      );
      expect(row!.wrong).toBe(0);
      expect((100 * row!.extreme) / row!.persons).toBeGreaterThan(0.25);
      expect((100 * row!.extreme) / row!.persons).toBeLessThan(0.45);
    });

    it('gives poorer households worse housing and fewer assets, but not perfectly', async () => {
      const rows = await queryRows<{ is_poor: boolean; area_pc: number; car: number; va450: number }>(
        env().ctx.database.db,
        sql`SELECT t.is_poor, avg(h.floor_area_m2::float8 / s.size)::float8 AS area_pc,
                   avg(h.has_car::int)::float8 AS car, avg((h.electricity_va = 450)::int)::float8 AS va450
            FROM household h JOIN synthetic.household_truth t ON t.household_id = h.id
            JOIN (SELECT household_id, count(*) AS size FROM household_member GROUP BY 1) s ON s.household_id = h.id
            GROUP BY t.is_poor`,
      );
      const poor = rows.find((r) => r.is_poor)!;
      const rest = rows.find((r) => !r.is_poor)!;
      expect(poor.area_pc).toBeLessThan(rest.area_pc);
      expect(poor.car).toBeLessThan(rest.car);
      expect(poor.car).toBeGreaterThan(0);
      expect(poor.va450).toBeGreaterThan(rest.va450);
    });

    it('gives every real person a valid NIK matching sex and birth date, unique across the population', async () => {
      const { db } = env().ctx.database;
      const people = await queryRows<{ nik: string; sex: 'M' | 'F'; birth_date: string }>(
        db,
        sql`SELECT nik, sex, birth_date::text AS birth_date FROM ${truePersons}`,
      );
      const prefixes = loadRegionPrefixes();
      const failures = people.filter((p) => {
        const parsed = parseNik(p.nik, prefixes, { today: new Date('2025-07-01T12:00:00Z') });
        if (!parsed.ok || parsed.warnings.length > 0) return true;
        return checkNikAgainstPerson(parsed, { sex: p.sex, birthDate: p.birth_date }).issues.length > 0;
      });
      expect(failures.slice(0, 5)).toEqual([]);
      expect(new Set(people.map((p) => p.nik)).size).toBe(people.length);
    });

    it('places most NIK prefixes and KTPs at home, with newcomers from other provinces', async () => {
      const [row] = await queryRows<{
        persons: number;
        home_nik: number;
        jakarta_nik: number;
        ktp_outside: number;
      }>(
        env().ctx.database.db,
        sql`SELECT count(*)::int AS persons,
                   (count(*) FILTER (WHERE left(p.nik, 6) = replace(left(h.kelurahan_code, 8), '.', '')))::int AS home_nik,
                   (count(*) FILTER (WHERE left(p.nik, 2) = '31'))::int AS jakarta_nik,
                   (count(*) FILTER (WHERE p.ktp_region_code NOT LIKE '31.%'))::int AS ktp_outside
            FROM ${truePersons} JOIN household_member m ON m.person_id = p.id JOIN household h ON h.id = m.household_id`,
      );
      expect(row!.home_nik / row!.persons).toBeGreaterThan(0.5);
      expect(row!.jakarta_nik / row!.persons).toBeGreaterThan(0.6);
      expect(row!.ktp_outside / row!.persons).toBeGreaterThan(0.04);
      expect(row!.ktp_outside / row!.persons).toBeLessThan(0.15);
    });

    it('issues unique 16-digit KK numbers with the household kecamatan prefix and one head per KK', async () => {
      const [row] = await queryRows<{ bad_kk: number; heads_off: number }>(
        env().ctx.database.db,
        sql`SELECT (SELECT count(*)::int FROM household
                     WHERE kk_number !~ '^[0-9]{16}$' OR left(kk_number, 6) <> replace(left(kelurahan_code, 8), '.', '')) AS bad_kk,
                   (SELECT count(*)::int FROM (SELECT h.id FROM household h
                     LEFT JOIN household_member m ON m.household_id = h.id AND m.relationship = 'head'
                     GROUP BY h.id HAVING count(m.person_id) <> 1) x) AS heads_off`,
      );
      expect(row).toEqual({ bad_kk: 0, heads_off: 0 });
    });

    it('plants about 1 % duplicates of every kind, each a second membership of a copied person', async () => {
      const rows = await queryRows<{
        kind: string;
        n: number;
        same_name: number;
        same_nik: number;
        same_birth: number;
      }>(
        env().ctx.database.db,
        sql`SELECT d.kind, count(*)::int AS n, (count(*) FILTER (WHERE c.name = o.name))::int AS same_name,
                   (count(*) FILTER (WHERE c.nik = o.nik))::int AS same_nik,
                   (count(*) FILTER (WHERE c.birth_date = o.birth_date))::int AS same_birth
            FROM synthetic.planted_duplicate d JOIN person c ON c.id = d.duplicate_person_id
            JOIN person o ON o.id = d.original_person_id
            JOIN household_member m ON m.person_id = c.id GROUP BY d.kind`,
      );
      const total = rows.reduce((s, r) => s + r.n, 0);
      expect(total).toBe(seeded.duplicates);
      expect(Math.abs(total - Math.round(seeded.persons * 0.01))).toBeLessThanOrEqual(1);
      const kind = (k: string) => rows.find((r) => r.kind === k)!;
      expect(kind('exact')).toMatchObject({ same_name: kind('exact').n, same_nik: kind('exact').n });
      expect(kind('name_typo')).toMatchObject({ same_name: 0, same_nik: kind('name_typo').n });
      expect(kind('nik_typo')).toMatchObject({ same_nik: 0, same_name: kind('nik_typo').n });
      expect(kind('birth_date_typo')).toMatchObject({ same_birth: 0, same_nik: kind('birth_date_typo').n });
    });

    it('moves the id sequences past the loaded rows', async () => {
      const [row] = await queryRows<{ next: string; max: string }>(
        env().ctx.database.db,
        sql`SELECT nextval(pg_get_serial_sequence('person', 'id'))::text AS next, (SELECT max(id) FROM person)::text AS max`,
      );
      expect(Number(row!.next)).toBeGreaterThan(Number(row!.max));
    });

    it('refuses a second population', async () => {
      await expect(seedPopulation(env().ctx.database, { scale: 0.001, seed: 1 })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('is deterministic: the same seed gives identical tables, another seed differs', async () => {
      const { kind } = env();
      const run = (s: number) =>
        withFreshDatabase(kind, async (database) => {
          await seedPopulation(database, { scale: 0.002, seed: s });
          return checksum(database.db);
        });
      const first = await run(7);
      expect(await run(7)).toBe(first);
      expect(await run(8)).not.toBe(first);
    }, 300_000);

    it('loads all or nothing: a failure half-way leaves no rows behind', async () => {
      await withFreshDatabase(env().kind, async (database) => {
        const failing = seedPopulation(database, { scale: 0.003, seed: 1 }, (done) => {
          if (done > 20_000) throw new Error('interrupted');
        });
        await expect(failing).rejects.toThrow('interrupted');
        const [row] = await queryRows<{ n: number }>(
          database.db,
          sql`SELECT (SELECT count(*) FROM household) + (SELECT count(*) FROM person)
                   + (SELECT count(*) FROM synthetic.run) AS n`,
        );
        expect(Number(row!.n)).toBe(0);
        expect((await seedPopulation(database, { scale: 0.001, seed: 1 })).persons).toBeGreaterThan(10_000);
      });
    }, 300_000);

    it('rejects invalid options with a validation error naming the field', async () => {
      const error = await seedPopulation(env().ctx.database, { scale: 2, seed: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toMatchObject({ issues: [{ path: 'scale' }] });
    });
  },
  async ({ ctx }) => {
    await loadProvinceRegions(ctx.database.db, '31');
    seeded = await seedPopulation(ctx.database, { scale, seed });
  },
);
