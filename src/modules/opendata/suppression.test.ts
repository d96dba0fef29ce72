import { describe, expect, it } from 'vitest';
import { type CountRow, type SuppressedTable, recoverableCells, suppress, toCsv } from './suppression.ts';

/** Deterministic generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A province → kota → kecamatan → kelurahan table whose parent rows are the sums of their children. */
function generateTable(seed: number, categories: string[]): CountRow[] {
  const rnd = random(seed);
  const leaves: CountRow[] = [];
  const tree: { area: string; parent: string | null }[] = [{ area: 'P', parent: null }];
  const kotas = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < kotas; k++) {
    tree.push({ area: `P.${k}`, parent: 'P' });
    const kecs = 1 + Math.floor(rnd() * 3);
    for (let c = 0; c < kecs; c++) {
      tree.push({ area: `P.${k}.${c}`, parent: `P.${k}` });
      const kels = 1 + Math.floor(rnd() * 4);
      for (let l = 0; l < kels; l++) {
        const area = `P.${k}.${c}.${l}`;
        tree.push({ area, parent: `P.${k}.${c}` });
        for (const category of categories) {
          // Mixture: many small counts (0–12), some large ones.
          const count = rnd() < 0.5 ? Math.floor(rnd() * 13) : Math.floor(rnd() * 200);
          leaves.push({ area, parent: `P.${k}.${c}`, category, count });
        }
      }
    }
  }
  const parentOf = new Map(tree.map((t) => [t.area, t.parent]));
  const sums = new Map<string, number>();
  for (const leaf of leaves) {
    for (let a: string | null = leaf.area; a; a = parentOf.get(a) ?? null) {
      const k = `${a}|${leaf.category}`;
      sums.set(k, (sums.get(k) ?? 0) + leaf.count);
    }
  }
  return tree.flatMap(({ area, parent }) =>
    categories.map((category) => ({ area, parent, category, count: sums.get(`${area}|${category}`) ?? 0 })),
  );
}

/** The subtraction attack: solve any published relation with exactly one unknown, repeat with what was learned. */
function subtractionAttack(table: SuppressedTable): Map<string, number> {
  const known = new Map<string, number>();
  for (const cell of table.cells)
    if (cell.count !== null) known.set(`${cell.area}|${cell.category}`, cell.count);
  const recovered = new Map<string, number>();
  for (let progress = true; progress;) {
    progress = false;
    for (const relation of table.relations) {
      const total = `${relation.total.area}|${relation.total.category}`;
      const parts = relation.parts.map((p) => `${p.area}|${p.category}`);
      const unknown = [total, ...parts].filter((k) => !known.has(k));
      if (unknown.length !== 1) continue;
      const missing = unknown[0]!;
      const value =
        missing === total
          ? parts.reduce((s, p) => s + known.get(p)!, 0)
          : known.get(total)! - parts.filter((p) => p !== missing).reduce((s, p) => s + known.get(p)!, 0);
      known.set(missing, value);
      recovered.set(missing, value);
      progress = true;
    }
  }
  return recovered;
}

describe('suppress', () => {
  it('hides counts under 10 and a complement in the same kecamatan, so the kecamatan total cannot be used', () => {
    const rows: CountRow[] = [
      { area: '31.71.01', parent: null, category: 'households', count: 95 },
      { area: '31.71.01.1001', parent: '31.71.01', category: 'households', count: 5 },
      { area: '31.71.01.1002', parent: '31.71.01', category: 'households', count: 40 },
      { area: '31.71.01.1003', parent: '31.71.01', category: 'households', count: 50 },
    ];
    const table = suppress(rows, { rowTotals: false });
    const count = (area: string) => table.cells.find((c) => c.area === area)!.count;
    expect(count('31.71.01.1001')).toBeNull();
    expect(count('31.71.01.1002')).toBeNull(); // the next smallest
    expect(count('31.71.01.1003')).toBe(50);
    expect(count('31.71.01')).toBe(95);
    expect(table.cells.find((c) => c.area === '31.71.01.1002')!.reason).toBe('secondary');
    expect(subtractionAttack(table).size).toBe(0);
  });

  it('hides a row total under 10 and the parts it would expose', () => {
    const table = suppress([
      { area: 'A', parent: null, category: 'x', count: 4 },
      { area: 'A', parent: null, category: 'y', count: 3 },
      { area: 'B', parent: null, category: 'x', count: 30 },
      { area: 'B', parent: null, category: 'y', count: 0 },
    ]);
    const cell = (area: string, category: string) =>
      table.cells.find((c) => c.area === area && c.category === category)!;
    expect(cell('A', 'total').count).toBeNull(); // total 7 < 10
    expect(cell('B', 'y').count).toBeNull(); // zero counts are under 10 too
    // B: total 30 and x 30 shown would prove y = 0, so one more is hidden.
    expect([cell('B', 'x').suppressed, cell('B', 'total').suppressed]).toContain(true);
    expect(subtractionAttack(table).size).toBe(0);
  });

  it('suppresses the shown total when the hidden parts are all zero (the remainder would reveal them)', () => {
    const table = suppress(
      [
        { area: 'K', parent: null, category: 'n', count: 50 },
        { area: 'K.1', parent: 'K', category: 'n', count: 0 },
        { area: 'K.2', parent: 'K', category: 'n', count: 0 },
        { area: 'K.3', parent: 'K', category: 'n', count: 50 },
      ],
      { rowTotals: false },
    );
    const shown = table.cells.filter((c) => !c.suppressed).map((c) => c.area);
    // K.1 and K.2 hidden; with K and K.3 both shown, K − K.3 = 0 = K.1 + K.2 pins both to zero.
    expect(shown.length).toBeLessThan(2);
  });

  it('property: over generated tables, nothing under 10 is shown, every relation has 0 or ≥ 2 hidden cells, and no hidden cell can be solved', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const categories = seed % 3 === 0 ? ['a'] : seed % 3 === 1 ? ['a', 'b'] : ['a', 'b', 'c'];
      const rows = generateTable(seed, categories);
      const table = suppress(rows, { rowTotals: seed % 2 === 0 });
      const label = `seed ${seed}`;
      for (const cell of table.cells) {
        if (cell.count !== null) expect(cell.count, label).toBeGreaterThanOrEqual(10);
        expect(cell.suppressed, label).toBe(cell.count === null);
      }
      // Totals are recomputed from the input: a row total under 10 must be hidden.
      const sums = new Map<string, number>();
      for (const row of rows) sums.set(row.area, (sums.get(row.area) ?? 0) + row.count);
      if (seed % 2 === 0)
        for (const [area, sum] of sums)
          if (sum < 10)
            expect(
              table.cells.find((c) => c.area === area && c.category === 'total')!.count,
              label,
            ).toBeNull();
      const byKey = new Map(table.cells.map((c) => [`${c.area}|${c.category}`, c]));
      for (const relation of table.relations) {
        const members = [relation.total, ...relation.parts].map((r) => byKey.get(`${r.area}|${r.category}`)!);
        const hidden = members.filter((m) => m.suppressed).length;
        expect(
          hidden === 0 || hidden >= 2,
          `${label} ${relation.total.area}/${relation.total.category}`,
        ).toBe(true);
      }
      expect(subtractionAttack(table).size, label).toBe(0);
      const groups = table.relations.map((r) => ({
        total: byKey.get(`${r.total.area}|${r.total.category}`)!,
        parts: r.parts.map((p) => byKey.get(`${p.area}|${p.category}`)!),
      }));
      expect(recoverableCells(table.cells, groups).length, label).toBe(0);
      // Relations hold on the input, so the published shown values are the true ones.
      for (const cell of table.cells)
        if (cell.count !== null && cell.category !== 'total')
          expect(cell.count).toBe(
            rows.find((r) => r.area === cell.area && r.category === cell.category)!.count,
          );
    }
  });

  it('the linear audit catches what one-at-a-time subtraction misses', () => {
    // Each group hides two cells or none, yet x + y = t1 and x = p − t1 are both known: x, then y, follow.
    const cells = ['x', 'y', 't1', 't2', 'p'].map((name) => ({
      name,
      suppressed: name === 'x' || name === 'y',
    }));
    const [x, y, t1, , p] = cells;
    const groups = [
      { total: t1!, parts: [x!, y!] },
      { total: p!, parts: [x!, t1!] },
    ];
    expect(recoverableCells(cells, groups).map((c) => c.name)).toEqual(['x', 'y']);
  });

  it('writes CSV with a header, one line per area, blanks for suppressed cells', () => {
    const table = suppress(
      [
        { area: 'A', parent: null, category: 'households', count: 120 },
        { area: 'A.1', parent: 'A', category: 'households', count: 3 },
        { area: 'A.2', parent: 'A', category: 'households', count: 60 },
        { area: 'A.3', parent: 'A', category: 'households', count: 57 },
      ],
      { rowTotals: false },
    );
    const csv = toCsv(table, {
      area: 'kode_wilayah',
      labels: { households: 'rumah_tangga' },
      names: new Map([['A', 'Kota "A", Utara']]),
    });
    expect(csv.split('\r\n')).toEqual([
      'kode_wilayah,nama,rumah_tangga',
      'A,"Kota ""A"", Utara",120',
      'A.1,,',
      'A.2,,60',
      'A.3,,',
      '',
    ]);
  });

  it('refuses a negative count and a second parent for one area', () => {
    expect(() => suppress([{ area: 'A', parent: null, category: 'x', count: -1 }])).toThrow();
    expect(() =>
      suppress([
        { area: 'A', parent: 'P', category: 'x', count: 1 },
        { area: 'A', parent: 'Q', category: 'y', count: 1 },
      ]),
    ).toThrow();
  });
});
