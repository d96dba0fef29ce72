/**
 * Statistical disclosure control for published counts (open data, partner needs).
 *
 * A table is a grid of areas × categories. Every area row may carry its parent area (kelurahan → kecamatan → kota →
 * province). The published additive relations are:
 * - the row total: `total(area) = Σ category cells of the area` (only when the categories are additive, i.e. each
 *   unit counts in exactly one category; pass `rowTotals: false` for overlapping measures);
 * - the parent margin: `cell(parent, c) = Σ cell(child, c)` for every category (and the row total), whenever the
 *   parent area is itself in the table.
 *
 * Rules, applied until stable:
 * 1. primary: any count under the threshold (default 10, zeros included) is suppressed, totals too;
 * 2. complementary: in every relation group (the total and its parts), if exactly one cell is suppressed, the next
 *    smallest shown cell of that group is suppressed as well;
 * 3. zero remainder: if a shown total equals the sum of its shown parts while parts are suppressed, those parts are
 *    all zero and would be recovered, so the total is suppressed too;
 * 4. audit: the relations restricted to the suppressed cells are reduced (Gaussian elimination); any suppressed cell
 *    whose value the system determines uniquely (e.g. through a chain of margins) gets a further complementary
 *    suppression in one of its groups.
 *
 * Suppressed cells are published as `null` (blank in CSV), never as the value or a bound, so a secondary
 * suppression does not pretend to be under 10.
 */
import { csvCell } from '../../http/csv.ts';

export interface CountRow {
  area: string;
  parent: string | null;
  category: string;
  count: number;
}

export interface SuppressOptions {
  /** Counts strictly below this are never shown. Default 10. */
  threshold?: number;
  /** Categories add up to a published row total per area. Default true. */
  rowTotals?: boolean;
  /** The category name of the row total. Default `total`. */
  totalCategory?: string;
}

export interface SuppressedCell {
  area: string;
  parent: string | null;
  category: string;
  /** The count, or null when suppressed. */
  count: number | null;
  suppressed: boolean;
  /** `primary` (under the threshold) or `secondary` (complementary); null when shown. */
  reason: 'primary' | 'secondary' | null;
}

export interface SuppressedTable {
  areas: string[];
  /** The published categories, the row total last when `rowTotals`. */
  categories: string[];
  cells: SuppressedCell[];
  /** The additive relations the table publishes, as cell keys: `[total, ...parts]`. */
  relations: Relation[];
}

export interface Relation {
  total: CellRef;
  parts: CellRef[];
}

export interface CellRef {
  area: string;
  category: string;
}

interface Cell extends SuppressedCell {
  value: number;
  index: number;
}

const key = (area: string, category: string) => `${area}\u0000${category}`;

/** Suppresses small counts and their complements so that no suppressed count can be recovered from the table. */
export function suppress(rows: readonly CountRow[], options: SuppressOptions = {}): SuppressedTable {
  const threshold = options.threshold ?? 10;
  const rowTotals = options.rowTotals ?? true;
  const totalCategory = options.totalCategory ?? 'total';

  const parentOf = new Map<string, string | null>();
  const categorySet = new Set<string>();
  const values = new Map<string, number>();
  for (const row of rows) {
    if (!Number.isFinite(row.count) || row.count < 0)
      throw new Error(`Invalid count for ${row.area}/${row.category}`);
    if (rowTotals && row.category === totalCategory)
      throw new Error(`The category "${totalCategory}" is reserved for the row total`);
    const known = parentOf.get(row.area);
    if (known !== undefined && known !== row.parent) throw new Error(`Area ${row.area} has two parents`);
    parentOf.set(row.area, row.parent);
    categorySet.add(row.category);
    const k = key(row.area, row.category);
    values.set(k, (values.get(k) ?? 0) + row.count);
  }
  const areas = [...parentOf.keys()];
  const categories = [...categorySet];
  if (rowTotals) categories.push(totalCategory);

  // The full grid: a missing (area, category) is a zero count, itself under the threshold.
  const cells: Cell[] = [];
  const byKey = new Map<string, Cell>();
  for (const area of areas) {
    let total = 0;
    for (const category of categories) {
      const isTotal = rowTotals && category === totalCategory;
      const value = isTotal ? total : (values.get(key(area, category)) ?? 0);
      if (!isTotal) total += value;
      const cell: Cell = {
        area,
        parent: parentOf.get(area) ?? null,
        category,
        count: value,
        value,
        suppressed: false,
        reason: null,
        index: cells.length,
      };
      cells.push(cell);
      byKey.set(key(area, category), cell);
    }
  }

  const relations: Relation[] = [];
  if (rowTotals && categories.length > 1)
    for (const area of areas)
      relations.push({
        total: { area, category: totalCategory },
        parts: categories.filter((c) => c !== totalCategory).map((category) => ({ area, category })),
      });
  const children = new Map<string, string[]>();
  for (const area of areas) {
    const parent = parentOf.get(area);
    if (parent != null && parentOf.has(parent)) children.set(parent, [...(children.get(parent) ?? []), area]);
  }
  for (const [parent, kids] of children)
    for (const category of categories)
      relations.push({
        total: { area: parent, category },
        parts: kids.map((area) => ({ area, category })),
      });

  const cellOf = (ref: CellRef) => byKey.get(key(ref.area, ref.category))!;
  const groups = relations.map((r) => ({ total: cellOf(r.total), parts: r.parts.map(cellOf) }));

  for (const cell of cells)
    if (cell.value < threshold) {
      cell.suppressed = true;
      cell.reason = 'primary';
    }

  const hide = (cell: Cell) => {
    cell.suppressed = true;
    cell.reason = 'secondary';
  };
  /** The smallest shown cell of a group (parts before the total on a tie, then grid order). */
  const smallestShown = (group: { total: Cell; parts: Cell[] }) =>
    [...group.parts, group.total]
      .filter((c) => !c.suppressed)
      .sort(
        (a, b) =>
          a.value - b.value || Number(a === group.total) - Number(b === group.total) || a.index - b.index,
      )[0];

  for (;;) {
    let changed = false;
    for (const group of groups) {
      const members = [group.total, ...group.parts];
      const hidden = members.filter((c) => c.suppressed);
      if (hidden.length === 1) {
        const next = smallestShown(group);
        if (next) {
          hide(next);
          changed = true;
        }
      }
      const hiddenParts = group.parts.filter((c) => c.suppressed);
      if (!group.total.suppressed && hiddenParts.length > 0 && hiddenParts.every((c) => c.value === 0)) {
        hide(group.total);
        changed = true;
      }
    }
    if (changed) continue;
    const exposed = recoverableCells(cells, groups);
    if (exposed.length === 0) break;
    // Suppress one more cell in a group of the first exposed cell, then re-run the cheap rules.
    const exposedSet = new Set(exposed);
    const touches = (g: { total: Cell; parts: Cell[] }, pick: (c: Cell) => boolean) =>
      (pick(g.total) || g.parts.some(pick)) && smallestShown(g) !== undefined;
    const group =
      groups.find((g) => touches(g, (c) => exposedSet.has(c))) ??
      groups.find((g) => touches(g, (c) => c.suppressed));
    if (!group) break; // every relation is fully suppressed: nothing more can be hidden
    hide(smallestShown(group)!);
  }

  return {
    areas,
    categories,
    relations,
    cells: cells.map(({ area, parent, category, value, suppressed, reason }) => ({
      area,
      parent,
      category,
      count: suppressed ? null : value,
      suppressed,
      reason,
    })),
  };
}

/**
 * The suppressed cells whose value follows uniquely from the published relations and shown values: the unit vector
 * of such a cell lies in the row space of the relations restricted to the suppressed cells.
 */
export function recoverableCells<C extends { suppressed: boolean }>(
  cells: readonly C[],
  groups: readonly { total: C; parts: readonly C[] }[],
): C[] {
  const hidden = cells.filter((c) => c.suppressed);
  const column = new Map(hidden.map((c, i) => [c, i]));
  const width = hidden.length;
  if (width === 0) return [];
  const rows: Float64Array[] = [];
  for (const g of groups) {
    const row = new Float64Array(width);
    let any = false;
    for (const part of g.parts) {
      const i = column.get(part);
      if (i !== undefined) {
        row[i] = (row[i] ?? 0) + 1;
        any = true;
      }
    }
    const t = column.get(g.total);
    if (t !== undefined) {
      row[t] = (row[t] ?? 0) - 1;
      any = true;
    }
    if (any) rows.push(row);
  }
  const eps = 1e-9;
  const pivots: { row: Float64Array; column: number }[] = [];
  let r = 0;
  for (let col = 0; col < width && r < rows.length; col++) {
    let best = -1;
    for (let i = r; i < rows.length; i++) if (Math.abs(rows[i]![col]!) > eps) best = best < 0 ? i : best;
    if (best < 0) continue;
    [rows[r], rows[best]] = [rows[best]!, rows[r]!];
    const pivot = rows[r]!;
    const scale = pivot[col]!;
    for (let j = col; j < width; j++) pivot[j] = pivot[j]! / scale;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const f = rows[i]![col]!;
      if (Math.abs(f) <= eps) continue;
      const target = rows[i]!;
      for (let j = col; j < width; j++) target[j] = target[j]! - f * pivot[j]!;
    }
    pivots.push({ row: pivot, column: col });
    r++;
  }
  const exposed: C[] = [];
  for (const { row, column: col } of pivots) {
    let others = false;
    for (let j = 0; j < width && !others; j++) if (j !== col && Math.abs(row[j]!) > eps) others = true;
    if (!others) exposed.push(hidden[col]!);
  }
  return exposed;
}

/** Renders a suppressed table as CSV: one line per area, a column per category; suppressed cells are blank. */
export function toCsv(
  table: SuppressedTable,
  columns: { area: string; labels?: Record<string, string>; names?: Map<string, string> },
): string {
  const header = [
    columns.area,
    ...(columns.names ? ['nama'] : []),
    ...table.categories.map((c) => columns.labels?.[c] ?? c),
  ];
  const byArea = new Map<string, SuppressedCell[]>();
  for (const cell of table.cells) byArea.set(cell.area, [...(byArea.get(cell.area) ?? []), cell]);
  const lines = [header.map(csvCell).join(',')];
  for (const area of table.areas) {
    const row = byArea.get(area) ?? [];
    lines.push(
      [
        area,
        ...(columns.names ? [columns.names.get(area) ?? ''] : []),
        ...table.categories.map((c) => {
          const cell = row.find((x) => x.category === c);
          return cell?.count == null ? '' : String(cell.count);
        }),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
