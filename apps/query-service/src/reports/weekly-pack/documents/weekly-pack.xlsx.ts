import ExcelJS from 'exceljs';
import { type WeeklyPackDocument } from './weekly-pack-document';

/**
 * The pack as an Excel workbook (exceljs): sheet "pack" with the filters and every figure, one per row
 * (kpi, label, measure, dimension, value); a rate's value is the spreadsheet formula numerator ÷
 * denominator over the two rows above it, stored with its result, so the sheet shows how it is made.
 * Sheet "definitions" holds every KPI's formula in words.
 */
export const weeklyPackXlsx = async (document: WeeklyPackDocument): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'complaint-analytics';
  const { text } = document;
  const sheet = workbook.addWorksheet('pack');
  sheet.addRow([text.title]).font = { bold: true, size: 14 };
  for (const line of document.heading) sheet.addRow([line.label, line.value]);
  sheet.addRow([]);
  const header = sheet.addRow(['kpi', text.kpi, text.measure, text.dimension, text.value]);
  header.font = { bold: true };
  let previous: { measure: string; kpi: string; row: number }[] = [];
  for (const row of document.rows) {
    const added = sheet.addRow([row.kpi, row.kpiLabel, row.measure, row.dimension, row.value]);
    const [numerator, denominator] = previous.slice(-2);
    if (
      row.measure === 'rate' &&
      numerator?.measure === 'numerator' &&
      denominator?.measure === 'denominator' &&
      numerator.kpi === row.kpi &&
      denominator.kpi === row.kpi
    ) {
      const formula = `IF(E${denominator.row}=0,"",E${numerator.row}/E${denominator.row})`;
      added.getCell(5).value = { formula, result: row.value ?? '' };
    }
    previous = [...previous.slice(-1), { measure: row.measure, kpi: row.kpi, row: added.number }];
  }
  sheet.columns.forEach((column, index) => (column.width = [18, 26, 34, 34, 14][index] ?? 14));

  const definitions = workbook.addWorksheet('definitions');
  definitions.addRow(['kpi', text.kpi, text.formula]).font = { bold: true };
  for (const definition of document.definitions)
    definitions.addRow([definition.id, definition.label, definition.formula]);
  definitions.columns.forEach((column, index) => (column.width = [22, 28, 120][index] ?? 20));
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
