/**
 * The report as titled tables: one description that both the PDF and the XLSX writers render, so the two files
 * always carry the same sections, columns and figures.
 */
import type { BudgetLine, Lp2kdReport, ReportIssue, ReportRegion } from './reports.lp2kd.ts';
import { pillarNames } from './reports.lp2kd.ts';

export type Cell = string | number | null;

export interface ReportColumn {
  header: string;
  /** Relative width in the PDF. */
  width: number;
  format?: 'integer' | 'percent' | 'rupiah' | 'decimal';
}

export interface ReportTable {
  /** Worksheet name (≤ 31 characters). */
  sheet: string;
  title: string;
  note?: string;
  columns: ReportColumn[];
  rows: Cell[][];
}

export interface ReportSection {
  heading: string;
  paragraphs: string[];
  tables: ReportTable[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  meta: { label: string; value: string }[];
  sections: ReportSection[];
}

const integer = (header: string, width = 1): ReportColumn => ({ header, width, format: 'integer' });
const percent = (header: string, width = 1): ReportColumn => ({ header, width, format: 'percent' });
const rupiah = (header: string, width = 1.4): ReportColumn => ({ header, width, format: 'rupiah' });
const text = (header: string, width = 2): ReportColumn => ({ header, width });

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Formats a cell for the PDF (the XLSX keeps numbers as numbers with a number format). */
export function formatCell(value: Cell, format: ReportColumn['format']): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  switch (format) {
    case 'percent':
      return `${(value * 100).toLocaleString('id-ID', { maximumFractionDigits: 1 })} %`;
    case 'rupiah':
      return `Rp ${Math.round(value).toLocaleString('id-ID')}`;
    case 'decimal':
      return value.toLocaleString('id-ID', { maximumFractionDigits: 2 });
    case 'integer':
    case undefined:
      return Math.round(value).toLocaleString('id-ID');
  }
}

function povertySection(report: Lp2kdReport): ReportSection {
  const { poverty } = report;
  const paragraphs = [
    `Registri Tepat mencatat ${poverty.registry.households.toLocaleString('id-ID')} rumah tangga ` +
      `(${poverty.registry.persons.toLocaleString('id-ID')} jiwa) di ${report.region.name}; ` +
      `${poverty.registry.desil1to4Households.toLocaleString('id-ID')} rumah tangga berada di desil 1–4 dan ` +
      `${poverty.registry.extremePoorHouseholds.toLocaleString('id-ID')} rumah tangga miskin ekstrem.`,
  ];
  if (poverty.target)
    paragraphs.push(
      `Target ${poverty.target.name}: tingkat kemiskinan ${poverty.target.p0Min}–${poverty.target.p0Max} % pada ` +
        `${poverty.target.year} (${poverty.target.source}).`,
    );
  if (poverty.seriesRegion.code !== report.region.code)
    paragraphs.push(
      `Statistik resmi BPS tidak diterbitkan untuk wilayah ini; ditampilkan ${poverty.seriesRegion.name}.`,
    );
  return {
    heading: '1. Situasi Kemiskinan',
    paragraphs,
    tables: [
      {
        sheet: 'Statistik BPS',
        title: `Statistik kemiskinan resmi BPS – ${poverty.seriesRegion.name}`,
        columns: [
          text('Periode', 1),
          integer('Penduduk miskin', 1.2),
          { header: 'P0 (%)', width: 0.8, format: 'decimal' },
          rupiah('Garis kemiskinan'),
          { header: 'P1', width: 0.7, format: 'decimal' },
          { header: 'P2', width: 0.7, format: 'decimal' },
          text('Sumber', 2.4),
        ],
        rows: poverty.official.map((p) => [
          p.period,
          p.poorPersons,
          p.p0,
          p.povertyLine,
          p.p1,
          p.p2,
          p.source,
        ]),
      },
      {
        sheet: 'Registri',
        title: `Angka registri – ${report.region.name}`,
        columns: [text('Indikator', 3), integer('Nilai')],
        rows: [
          ['Rumah tangga', poverty.registry.households],
          ['Jiwa', poverty.registry.persons],
          ['Rumah tangga desil 1–4', poverty.registry.desil1to4Households],
          ['Rumah tangga miskin ekstrem', poverty.registry.extremePoorHouseholds],
        ],
      },
    ],
  };
}

function budgetColumns(first: string): ReportColumn[] {
  return [
    text(first, 3),
    integer('Kegiatan', 0.8),
    rupiah('Pagu'),
    rupiah('Realisasi'),
    percent('Serapan', 0.8),
    { header: 'Capaian output (%)', width: 0.9, format: 'decimal' },
  ];
}

function budgetRows(lines: BudgetLine[]): Cell[][] {
  return lines.map((l) => [
    l.label,
    l.activities,
    l.budget,
    l.realised,
    ratio(l.realised, l.budget),
    l.outputPercent,
  ]);
}

/** One paragraph with the total pagu and realisation of `lines`, or the absence of an approved plan. */
function budgetSummary(lines: BudgetLine[], year: number, until: string): string {
  const budget = lines.reduce((sum, l) => sum + l.budget, 0);
  const realised = lines.reduce((sum, l) => sum + l.realised, 0);
  if (budget === 0) return `Belum ada rencana aksi ${year} yang disetujui untuk wilayah ini.`;
  return (
    `Pagu kegiatan rencana aksi ${year}: ${formatCell(budget, 'rupiah')}; realisasi ${until} ` +
    `${formatCell(realised, 'rupiah')} (${formatCell(ratio(realised, budget), 'percent')}).`
  );
}

function issuesTable(issues: ReportIssue[]): ReportTable {
  return {
    sheet: 'Permasalahan',
    title: 'Permasalahan',
    columns: [integer('No', 0.4), text('Sumber', 1.2), text('Uraian', 6)],
    rows: issues.map((issue, i) => [i + 1, issue.source, issue.text]),
  };
}

function realisationSection(report: Lp2kdReport): ReportSection {
  const paragraphs = [budgetSummary(report.budget.byAgency, report.year, 'tahun berjalan')];
  return {
    heading: '2. Realisasi Program dan Anggaran',
    paragraphs,
    tables: [
      {
        sheet: 'Anggaran per OPD',
        title: 'Pagu dan realisasi per perangkat daerah',
        columns: budgetColumns('Perangkat daerah'),
        rows: budgetRows(report.budget.byAgency),
      },
      {
        sheet: 'Anggaran per program',
        title: 'Pagu dan realisasi per program',
        columns: budgetColumns('Program'),
        rows: budgetRows(report.budget.byProgram),
      },
      {
        sheet: 'Program',
        title: 'Sasaran dan penerima per program',
        columns: [
          text('Program', 2.6),
          integer('Pilar', 0.5),
          integer('Layak', 0.9),
          integer('Penerima', 0.9),
          percent('Cakupan desil 1', 0.9),
          integer('Inclusion error', 0.9),
          integer('Exclusion error', 0.9),
          integer('Tumpang tindih', 0.9),
        ],
        rows: report.programs.map((p) => [
          `${p.name} (${p.code})`,
          p.pillar,
          p.eligible,
          p.enrolled,
          p.coverageDesil1,
          p.inclusionErrors,
          p.exclusionErrors,
          p.overlaps,
        ]),
      },
    ],
  };
}

function coverageSection(report: Lp2kdReport): ReportSection {
  return {
    heading: '3. Cakupan terhadap Sasaran',
    paragraphs: [
      'Sasaran: rumah tangga desil 1–4 peringkat kesejahteraan terakhir. Terjangkau: menerima setidaknya satu program pilar tersebut.',
    ],
    tables: [
      {
        sheet: 'Cakupan',
        title: 'Cakupan rumah tangga desil 1–4 per pilar',
        columns: [
          text('Pilar', 2.6),
          integer('Sasaran'),
          integer('Terjangkau'),
          percent('Cakupan', 0.8),
          integer('Miskin ekstrem'),
          integer('Ekstrem terjangkau'),
        ],
        rows: report.coverage.map((c) => [
          pillarNames[c.pillar] ?? `Pilar ${c.pillar}`,
          c.targetHouseholds,
          c.covered,
          c.share,
          c.extremePoor,
          c.extremePoorCovered,
        ]),
      },
    ],
  };
}

function issuesSection(report: Lp2kdReport): ReportSection {
  return {
    heading: '4. Permasalahan dan Tindak Lanjut',
    paragraphs: report.issues.length === 0 ? ['Tidak ada permasalahan yang dilaporkan.'] : [],
    tables: [issuesTable(report.issues)],
  };
}

const generated = (at: string, by: string) => ({
  label: 'Dibuat',
  value: `${at.slice(0, 16).replace('T', ' ')} UTC oleh ${by}`,
});

/** The LP2KD as a document of sections and tables. */
export function lp2kdDocument(report: Lp2kdReport): ReportDocument {
  return {
    title: 'Laporan Pelaksanaan Penanggulangan Kemiskinan Daerah (LP2KD)',
    subtitle: `${report.region.name} – Tahun ${report.year}`,
    meta: [
      { label: 'Wilayah', value: `${report.region.name} (${report.region.code})` },
      { label: 'Tahun', value: String(report.year) },
      generated(report.generatedAt, report.generatedBy),
      {
        label: 'Peringkat kesejahteraan',
        value: report.poverty.registry.snapshotId ? `#${report.poverty.registry.snapshotId}` : '–',
      },
    ],
    sections: [
      povertySection(report),
      realisationSection(report),
      coverageSection(report),
      issuesSection(report),
    ],
  };
}

/** The quarterly progress report of an area: realisation up to the end of a quarter, and the issues filed. */
export interface QuarterlyReport {
  region: ReportRegion;
  year: number;
  quarter: number;
  generatedAt: string;
  generatedBy: string;
  byAgency: BudgetLine[];
  byActivity: BudgetLine[];
  issues: ReportIssue[];
}

export function quarterlyDocument(report: QuarterlyReport): ReportDocument {
  const until = `s.d. triwulan ${report.quarter}`;
  return {
    title: 'Laporan Kemajuan Triwulanan Rencana Aksi Penanggulangan Kemiskinan',
    subtitle: `${report.region.name} – Triwulan ${report.quarter} Tahun ${report.year}`,
    meta: [
      { label: 'Wilayah', value: `${report.region.name} (${report.region.code})` },
      { label: 'Periode', value: `Triwulan 1–${report.quarter} ${report.year}` },
      generated(report.generatedAt, report.generatedBy),
    ],
    sections: [
      {
        heading: '1. Realisasi Anggaran',
        paragraphs: [budgetSummary(report.byAgency, report.year, until)],
        tables: [
          {
            sheet: 'Anggaran per OPD',
            title: `Pagu dan realisasi ${until} per perangkat daerah`,
            columns: budgetColumns('Perangkat daerah'),
            rows: budgetRows(report.byAgency),
          },
        ],
      },
      {
        heading: '2. Capaian Kegiatan',
        paragraphs: [],
        tables: [
          {
            sheet: 'Kegiatan',
            title: `Pagu, realisasi dan capaian output ${until} per kegiatan`,
            columns: [
              text('Kegiatan', 3),
              rupiah('Pagu'),
              rupiah('Realisasi'),
              percent('Serapan', 0.8),
              { header: 'Target output', width: 0.9, format: 'decimal' },
              { header: 'Capaian', width: 0.9, format: 'decimal' },
              text('Satuan', 0.9),
              { header: 'Capaian (%)', width: 0.8, format: 'decimal' },
            ],
            rows: report.byActivity.map((a) => [
              a.label,
              a.budget,
              a.realised,
              ratio(a.realised, a.budget),
              a.outputTarget,
              a.outputAchieved,
              a.unit,
              a.outputPercent,
            ]),
          },
        ],
      },
      {
        heading: '3. Permasalahan',
        paragraphs: report.issues.length === 0 ? ['Tidak ada permasalahan yang dilaporkan.'] : [],
        tables: [issuesTable(report.issues)],
      },
    ],
  };
}
