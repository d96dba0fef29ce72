/** The plan-against-realisation table as an XLSX workbook (Bahasa Indonesia headers, like the other exports). */
import ExcelJS from 'exceljs';
import type { Realisation, RealisationRow } from './plans.contracts.ts';

const groupHeaders: Record<Realisation['groupBy'], string> = {
  agency: 'Perangkat daerah',
  program: 'Program',
  area: 'Wilayah',
  activity: 'Kegiatan',
};

const headers = (groupBy: Realisation['groupBy']) => [
  'Kode',
  groupHeaders[groupBy],
  'Jumlah kegiatan',
  'Pagu (Rp)',
  'Realisasi (Rp)',
  'Realisasi anggaran (%)',
  'Target output',
  'Capaian output',
  'Satuan',
  'Capaian output (%)',
];

const cells = (row: RealisationRow) => [
  row.key,
  row.label,
  row.activities,
  row.budget,
  row.realised,
  row.budgetPercent,
  row.outputTarget,
  row.outputAchieved,
  row.unit,
  row.outputPercent,
];

export function realisationFileName(report: Realisation): string {
  return `realisasi-${report.regionCode}-${report.year}-T${report.quarter}-${report.groupBy}.xlsx`;
}

/** One sheet with the rows and the total, one sheet saying what the table is. */
export async function realisationWorkbook(report: Realisation, generatedBy: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tepat';
  const sheet = workbook.addWorksheet('Realisasi', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers(report.groupBy).map((header, i) => ({
    header,
    width: i === 1 ? 48 : 16,
    style: i === 3 || i === 4 ? { numFmt: '#,##0' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of report.rows) sheet.addRow(cells(row));
  sheet.addRow(cells(report.total)).font = { bold: true };
  const notes = workbook.addWorksheet('Keterangan');
  notes.columns = [{ width: 24 }, { width: 80 }];
  notes.addRows([
    ['Laporan', 'Rencana dan realisasi kegiatan penanggulangan kemiskinan (RAT/RPKD yang disetujui)'],
    ['Wilayah', report.regionCode],
    ['Tahun', report.year],
    ['Sampai triwulan', report.quarter],
    ['Dikelompokkan menurut', groupHeaders[report.groupBy]],
    ['Dibuat pada', new Date().toISOString()],
    ['Dibuat oleh', generatedBy],
  ]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
