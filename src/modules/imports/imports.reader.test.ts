import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { csvBatches, readSource, type SourceRow } from './imports.reader.ts';

/**
 * A workbook whose ZIP holds the relationships and shared strings, then the worksheets, then xl/workbook.xml:
 * an order other writers may use, on which exceljs's streaming reader fails.
 */
async function reorderedWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of [
    ['households', [['NO_KK'], ['3171010101000001']]],
    [
      'persons',
      [
        ['NIK', 'NAMA'],
        ['3171010101800001', 'Siti Aminah'],
        ['3171010101800002', 'Budi'],
      ],
    ],
  ] as const)
    workbook.addWorksheet(name).addRows(rows.map((r) => [...r]));
  const original = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  const names = Object.keys(original.files).filter((n) => !original.files[n]!.dir);
  const rank = (n: string) =>
    n === 'xl/workbook.xml'
      ? 3
      : n.startsWith('xl/worksheets/sheet')
        ? 2
        : n.includes('sharedStrings') || n.includes('_rels')
          ? 1
          : 0;
  const reordered = new JSZip();
  for (const name of [...names].sort((a, b) => rank(a) - rank(b)))
    reordered.file(name, await original.file(name)!.async('uint8array'));
  const order = Object.keys(reordered.files);
  expect(order.indexOf('xl/sharedStrings.xml')).toBeLessThan(order.indexOf('xl/worksheets/sheet1.xml'));
  expect(order.indexOf('xl/worksheets/sheet2.xml')).toBeLessThan(order.indexOf('xl/workbook.xml'));
  return reordered.generateAsync({ type: 'uint8array' });
}

const collect = async (rows: AsyncIterable<SourceRow>) => {
  const all: SourceRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
};

describe('import reader: XLSX', () => {
  it('reads the named sheet of a workbook whatever the order of its ZIP entries, from bytes and from a file', async () => {
    const bytes = await reorderedWorkbook();
    const file = join(mkdtempSync(join(tmpdir(), 'tepat-reader-')), 'reordered.xlsx');
    writeFileSync(file, bytes);
    for (const source of [bytes, file]) {
      expect(await collect(readSource(source, 'person'))).toEqual([
        { row: 1, cells: ['NIK', 'NAMA'] },
        { row: 2, cells: ['3171010101800001', 'Siti Aminah'] },
        { row: 3, cells: ['3171010101800002', 'Budi'] },
      ]);
      expect((await collect(readSource(source, 'household'))).map((r) => r.cells)).toEqual([
        ['NO_KK'],
        ['3171010101000001'],
      ]);
    }
  });
});

describe('import reader: CSV', () => {
  const rowsOf = async (pieces: string[], delimiter = ',') => {
    const rows: SourceRow[] = [];
    for await (const batch of csvBatches(pieces, delimiter)) rows.push(...batch);
    return rows;
  };
  const text =
    '\uFEFFNO_KK,NAMA,ALAMAT\r\n' +
    '3171010101000001,"Siti ""Ani"" Aminah","Jl. Kenari 5, RT 1\nKemayoran"\r\n' +
    '\r\n' +
    '3171010101000002,Budi,\n' +
    '3171010101000003,"",last line without a break';
  const expected = [
    { row: 1, cells: ['NO_KK', 'NAMA', 'ALAMAT'] },
    { row: 2, cells: ['3171010101000001', 'Siti "Ani" Aminah', 'Jl. Kenari 5, RT 1\nKemayoran'] },
    // Row 3 is blank: counted as a spreadsheet counts it, not handed on.
    { row: 4, cells: ['3171010101000002', 'Budi', ''] },
    { row: 5, cells: ['3171010101000003', '', 'last line without a break'] },
  ];

  it('reads quoted fields (delimiters, line breaks, doubled quotes), CRLF, a BOM and blank rows', async () => {
    expect(await rowsOf([text])).toEqual(expected);
  });

  it('reads the same rows however the text is cut into pieces (inside quotes, between CR and LF)', async () => {
    for (let size = 1; size <= 13; size++) {
      const pieces = Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
        text.slice(i * size, (i + 1) * size),
      );
      expect(await rowsOf(pieces), `pieces of ${size}`).toEqual(expected);
    }
  });

  it('splits on the delimiter it is given', async () => {
    expect(await rowsOf(['A;B\n1,5;"x;y"\n'], ';')).toEqual([
      { row: 1, cells: ['A', 'B'] },
      { row: 2, cells: ['1,5', 'x;y'] },
    ]);
  });
});
