/** SQL pieces over Kemendagri codes, shared by every module that filters or groups by area. */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * `column` (a region code) is `region` or lies inside it: codes nest by prefix, so `31.72` holds `31.72.01` and
 * `31.72.01.1001`. `region` is a code (bound as a parameter) or another column.
 */
export function codeWithin(column: AnyColumn | SQL, region: string | SQL): SQL {
  const below = typeof region === 'string' ? sql`${`${region}.%`}` : sql`${region} || '.%'`;
  const self = typeof region === 'string' ? sql`${region}::text` : region;
  return sql`(${column} = ${self} OR ${column} LIKE ${below})`;
}

/**
 * The areas a region's figures break down into: its direct children (kota of the province, kecamatan of a kota,
 * kelurahan of a kecamatan), or the kelurahan itself when it has none. Columns: code, name, level.
 */
export function childAreasSql(region: string): SQL {
  return sql`(SELECT code, name, level FROM region
    WHERE parent_code = ${region} OR (code = ${region} AND level = 'kelurahan'))`;
}
