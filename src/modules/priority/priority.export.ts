/** The priority-location comparison as an XLSX workbook (Bahasa Indonesia headers, like the other exports). */
import ExcelJS from 'exceljs';
import type { PriorityResult } from './priority.contracts.ts';

export async function priorityWorkbook(result: PriorityResult, generatedBy: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tepat';
  const sheet = workbook.addWorksheet('Lokasi prioritas', { views: [{ state: 'frozen', ySplit: 1 }] });
  const components = ['Miskin ekstrem', 'Desil 1–4', 'Celah cakupan', 'Rumah tidak layak'];
  sheet.columns = [
    'Kode kelurahan',
    'Kelurahan',
    'Kecamatan',
    'Kecamatan prioritas',
    'Rumah tangga',
    ...components.map((c) => `${c} (proporsi)`),
    `Peringkat ${result.a.name}`,
    `Skor ${result.a.name}`,
    ...components.map((c) => `${c}: kontribusi A`),
    `Peringkat ${result.b.name}`,
    `Skor ${result.b.name}`,
    'Perubahan peringkat (A − B)',
  ].map((header, i) => ({ header, width: i === 1 || i === 2 ? 28 : 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const item of result.items)
    sheet.addRow([
      item.code,
      item.name,
      item.kecamatanName,
      item.isPriorityKecamatan ? 'ya' : 'tidak',
      item.households,
      item.components.extremePoor,
      item.components.desil14,
      item.components.coverageGap,
      item.components.housing,
      item.a.rank,
      item.a.score,
      item.a.breakdown.extremePoor,
      item.a.breakdown.desil14,
      item.a.breakdown.coverageGap,
      item.a.breakdown.housing,
      item.b.rank,
      item.b.score,
      item.rankChange,
    ]);
  const notes = workbook.addWorksheet('Keterangan');
  notes.columns = [{ width: 24 }, { width: 100 }];
  const weights = (w: PriorityResult['a']) =>
    `${w.name}: miskin ekstrem ${w.weights.extremePoor}, desil 1–4 ${w.weights.desil14}, celah cakupan ${w.weights.coverageGap}, rumah tidak layak ${w.weights.housing}`;
  notes.addRows([
    ['Laporan', 'Lokasi prioritas: skor per kelurahan dan perbandingan dua pembobotan'],
    ['Pembobotan A', weights(result.a)],
    ['Pembobotan B', weights(result.b)],
    ['Normalisasi', result.normalisation],
    ['Dibuat pada', new Date().toISOString()],
    ['Dibuat oleh', generatedBy],
  ]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
