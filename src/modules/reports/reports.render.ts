/**
 * Writes a report document as PDF (pdfkit, A4 landscape, the standard Helvetica faces) and as XLSX (exceljs, one
 * worksheet per table plus a cover sheet). Both read the same `ReportDocument`.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { formatCell, type ReportDocument, type ReportTable } from './reports.tables.ts';

const margin = 40;
const rowPadding = 3;
const fontSize = 8.5;

function drawTable(doc: PDFKit.PDFDocument, table: ReportTable) {
  const usable = doc.page.width - margin * 2;
  const totalWeight = table.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = table.columns.map((c) => (c.width / totalWeight) * usable);
  const bottom = () => doc.page.height - margin;

  const rowHeight = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(fontSize);
    return (
      Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 4 }))) +
      rowPadding * 2
    );
  };
  const drawRow = (cells: string[], bold: boolean, numeric: boolean[]) => {
    const height = rowHeight(cells, bold);
    if (doc.y + height > bottom()) doc.addPage();
    const top = doc.y;
    let x = margin;
    if (bold) doc.rect(margin, top, usable, height).fill('#e9eef5').fillColor('black');
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(fontSize);
    cells.forEach((cell, i) => {
      doc.text(cell, x + 2, top + rowPadding, {
        width: widths[i]! - 4,
        align: numeric[i] && !bold ? 'right' : 'left',
      });
      x += widths[i]!;
    });
    doc
      .moveTo(margin, top + height)
      .lineTo(margin + usable, top + height)
      .strokeColor('#c5ccd6')
      .lineWidth(0.5)
      .stroke();
    doc.x = margin;
    doc.y = top + height;
  };

  doc.font('Helvetica-Bold').fontSize(10).text(table.title, margin, doc.y, { width: usable });
  doc.moveDown(0.3);
  const numeric = table.columns.map((c) => c.format !== undefined);
  drawRow(
    table.columns.map((c) => c.header),
    true,
    numeric,
  );
  if (table.rows.length === 0) {
    doc
      .font('Helvetica-Oblique')
      .fontSize(fontSize)
      .text('Tidak ada data.', margin + 2, doc.y + rowPadding);
  }
  for (const row of table.rows)
    drawRow(
      row.map((value, i) => formatCell(value, table.columns[i]!.format)),
      false,
      numeric,
    );
  doc.x = margin;
  doc.moveDown(1);
}

/** The document as a PDF file. */
export function renderPdf(document: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin,
    info: { Title: `${document.title} – ${document.subtitle}`, Author: 'Tepat – TKPK DKI Jakarta' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(document.title);
  doc.font('Helvetica').fontSize(12).text(document.subtitle);
  doc.moveDown(0.5);
  doc.fontSize(9);
  for (const { label, value } of document.meta) doc.text(`${label}: ${value}`);
  doc.moveDown(1);
  for (const section of document.sections) {
    if (doc.y > doc.page.height - margin - 120) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(13).text(section.heading, margin);
    doc.moveDown(0.4);
    doc.font('Helvetica').fontSize(9.5);
    for (const paragraph of section.paragraphs) {
      doc.text(paragraph, margin, doc.y, { width: doc.page.width - margin * 2 });
      doc.moveDown(0.4);
    }
    doc.moveDown(0.3);
    for (const table of section.tables) drawTable(doc, table);
  }
  doc.end();
  return done;
}

const numberFormats = {
  integer: '#,##0',
  percent: '0.0%',
  rupiah: '"Rp" #,##0',
  decimal: '0.00',
} as const;

/** The document as an XLSX workbook: a cover sheet, then one worksheet per table. */
export async function renderXlsx(document: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tepat';
  const cover = workbook.addWorksheet('Ringkasan');
  cover.addRow([document.title]).font = { bold: true, size: 14 };
  cover.addRow([document.subtitle]).font = { size: 12 };
  cover.addRow([]);
  for (const { label, value } of document.meta) cover.addRow([label, value]);
  for (const section of document.sections) {
    cover.addRow([]);
    cover.addRow([section.heading]).font = { bold: true };
    for (const paragraph of section.paragraphs) cover.addRow([paragraph]);
  }
  cover.getColumn(1).width = 28;
  cover.getColumn(2).width = 60;

  const used = new Set<string>(['Ringkasan']);
  for (const section of document.sections)
    for (const table of section.tables) {
      let name = table.sheet.slice(0, 31);
      for (let n = 2; used.has(name); n++) name = `${table.sheet.slice(0, 28)} ${n}`;
      used.add(name);
      const sheet = workbook.addWorksheet(name);
      sheet.addRow([table.title]).font = { bold: true };
      const header = sheet.addRow(table.columns.map((c) => c.header));
      header.font = { bold: true };
      for (const row of table.rows) sheet.addRow(row);
      table.columns.forEach((column, i) => {
        const sheetColumn = sheet.getColumn(i + 1);
        sheetColumn.width = Math.max(10, Math.round(column.width * 14));
        if (column.format) sheetColumn.numFmt = numberFormats[column.format];
      });
      sheet.views = [{ state: 'frozen', ySplit: 2 }];
    }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
