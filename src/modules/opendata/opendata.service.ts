import type { Db } from '../../db/client.ts';
import type { OpenDataArea, OpenDataLevel } from './opendata.contracts.ts';
import { type AreaFigures, selectAreaFigures } from './opendata.repository.ts';
import { csvCell } from '../../http/csv.ts';
import { type CountRow, suppress } from './suppression.ts';

/** The published measures, in column order; CSV headers are Bahasa Indonesia. */
export const openDataMeasures = [
  { key: 'households', csv: 'rumah_tangga', of: (a: AreaFigures) => a.households },
  { key: 'persons', csv: 'jiwa', of: (a: AreaFigures) => a.persons },
  { key: 'desil14Households', csv: 'rumah_tangga_desil_1_4', of: (a: AreaFigures) => a.desil14Households },
  {
    key: 'extremePoorHouseholds',
    csv: 'rumah_tangga_miskin_ekstrem',
    of: (a: AreaFigures) => a.extremePoorHouseholds,
  },
  ...[1, 2, 3, 4].map((pillar) => ({
    key: `coveredPillar${pillar}`,
    csv: `desil_1_4_terjangkau_pilar_${pillar}`,
    of: (a: AreaFigures) => a.coveredByPillar[pillar - 1] ?? 0,
  })),
] as const;

export const suppressionThreshold = 10;

/**
 * The open data table of every area (province, kota, kecamatan, kelurahan), every count through `suppress`
 * over the whole hierarchy at once, so a level's figures cannot be subtracted from its parent's. The measures
 * overlap (a household counts in several), so no row total is published; each measure is its own hierarchy.
 */
export async function openDataTable(db: Db): Promise<OpenDataArea[]> {
  const figures = await selectAreaFigures(db);
  const rows: CountRow[] = figures.flatMap((area) =>
    openDataMeasures.map((m) => ({
      area: area.code,
      parent: area.parentCode,
      category: m.key,
      count: m.of(area),
    })),
  );
  const table = suppress(rows, { rowTotals: false, threshold: suppressionThreshold });
  const counts = new Map<string, Record<string, number | null>>();
  for (const cell of table.cells)
    counts.set(cell.area, { ...counts.get(cell.area), [cell.category]: cell.count });
  return figures.map((area) => {
    const c = counts.get(area.code) ?? {};
    return {
      code: area.code,
      parentCode: area.parentCode,
      level: area.level,
      name: area.name,
      isPriority: area.isPriority,
      households: c.households ?? null,
      persons: c.persons ?? null,
      desil14Households: c.desil14Households ?? null,
      extremePoorHouseholds: c.extremePoorHouseholds ?? null,
      coveredByPillar: [1, 2, 3, 4].map((p) => c[`coveredPillar${p}`] ?? null),
    };
  });
}

/** The areas of one level (optionally inside one parent area), suppressed. */
export async function openDataAreas(db: Db, level: OpenDataLevel, within?: string): Promise<OpenDataArea[]> {
  const all = await openDataTable(db);
  return all.filter((a) => a.level === level && (within === undefined || a.code.startsWith(`${within}.`)));
}

/** One level as CSV: suppressed cells blank. */
export async function openDataCsv(db: Db, level: OpenDataLevel): Promise<string> {
  const areas = await openDataAreas(db, level);
  const header = [
    'kode_wilayah',
    'nama_wilayah',
    'tingkat',
    'kecamatan_prioritas',
    ...openDataMeasures.map((m) => m.csv),
  ];
  const value = (n: number | null) => (n === null ? '' : String(n));
  const lines = areas.map((a) =>
    [
      a.code,
      a.name,
      a.level,
      a.isPriority ? 'ya' : 'tidak',
      value(a.households),
      value(a.persons),
      value(a.desil14Households),
      value(a.extremePoorHouseholds),
      ...a.coveredByPillar.map(value),
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
