import { ServiceUnavailableException } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack';
import { volumeChartSvg } from './pack-chart';
import { type ReportFont } from './report-font';
import { type WeeklyPackDocument, shownValue, weeklyPackDocument } from './weekly-pack-document';

const MARGIN = 40;
/** Column x positions of the figures table (A4 landscape, 842 pt wide). */
const COLUMNS = { kpi: MARGIN, measure: 290, dimension: 470, value: 720 } as const;
const ROW = 11;

/**
 * The pack as a PDF made on the server (pdfkit): the filters, the volume chart (ECharts SVG drawn into
 * the PDF as vectors), every figure of the pack one per line, and the KPI definitions with their
 * formulas. zh-CN embeds `font`; en uses the PDF's standard Helvetica.
 */
export const weeklyPackPdf = (
  pack: WeeklyPack,
  document: WeeklyPackDocument,
  font: ReportFont | undefined,
): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: MARGIN,
      info: { Title: `${document.text.title} ${pack.week.id}` },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    if (font) doc.registerFont('body', font.file, font.face || undefined);
    const body = font ? 'body' : 'Helvetica';
    const { text } = document;
    doc.font(body).fontSize(16).text(`${text.title} ${pack.week.id}`);
    doc.moveDown(0.5).fontSize(9);
    for (const line of document.heading) doc.text(`${line.label}: ${line.value}`);
    doc.moveDown(0.5).fontSize(11).text(text.volumeChart);
    const top = doc.y + 4;
    // The chart's own clip path must not outlive it: the graphics state is restored after it.
    doc.save();
    SVGtoPDF(doc, volumeChartSvg(pack), MARGIN, top, { width: 480, height: 200, assumePt: true });
    doc.restore();
    // The SVG's text switched the font: back to the body font for what follows.
    doc.font(body);
    doc.y = top + 210;

    doc.fontSize(11).text(text.figures, MARGIN, doc.y);
    const header = () => {
      doc.fontSize(8);
      const y = doc.y + 2;
      doc.text(text.kpi, COLUMNS.kpi, y, { lineBreak: false });
      doc.text(text.measure, COLUMNS.measure, y, { lineBreak: false });
      doc.text(text.dimension, COLUMNS.dimension, y, { lineBreak: false });
      doc.text(text.value, COLUMNS.value, y, { lineBreak: false });
      doc.y = y + ROW + 2;
    };
    header();
    for (const row of document.rows) {
      if (doc.y + ROW > doc.page.height - MARGIN) {
        doc.addPage();
        header();
      }
      const y = doc.y;
      doc.text(`${row.kpiLabel} (${row.kpi})`, COLUMNS.kpi, y, {
        width: COLUMNS.measure - COLUMNS.kpi - 4,
        lineBreak: false,
        ellipsis: true,
      });
      doc.text(row.measure, COLUMNS.measure, y, { lineBreak: false });
      doc.text(row.dimension, COLUMNS.dimension, y, { lineBreak: false });
      doc.text(shownValue(row.value), COLUMNS.value, y, { lineBreak: false });
      doc.y = y + ROW;
    }

    doc.addPage();
    doc.fontSize(11).text(text.definitions, MARGIN, MARGIN);
    doc.moveDown(0.3);
    for (const definition of document.definitions) {
      doc.fontSize(9).text(`${definition.label} (${definition.id})`, { continued: false });
      doc.fontSize(8).text(`${text.formula}: ${definition.formula}`, { indent: 10 });
      doc.moveDown(0.3);
    }
    doc.end();
  });

/**
 * The pack's PDF in `lang`, generated at `generatedAt` (now, or an archive's moment): zh-CN needs the
 * CJK `font`, without which it answers 503 `REPORT.FONT_UNAVAILABLE` (en always works).
 */
export const weeklyPackPdfIn = (
  pack: WeeklyPack,
  lang: 'zh-CN' | 'en',
  generatedAt: Date,
  font: ReportFont | undefined,
): Promise<Buffer> => {
  if (lang === 'zh-CN' && !font)
    throw new ServiceUnavailableException({
      code: 'REPORT.FONT_UNAVAILABLE',
      message:
        'No font for Chinese text is installed (fonts-wqy-microhei, or set REPORT_FONT_FILE); lang=en works',
    });
  return weeklyPackPdf(
    pack,
    weeklyPackDocument(pack, lang, generatedAt),
    lang === 'zh-CN' ? font : undefined,
  );
};
