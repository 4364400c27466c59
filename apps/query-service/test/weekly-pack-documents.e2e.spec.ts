import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { recordScenario } from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { ANALYST } from '@app/platform/auth/test-support';
import { type WeeklyPackReport } from '../src/reports/weekly-pack/get-weekly-pack.query';
import { weeklyPackRows } from '../src/reports/weekly-pack/weekly-pack.csv';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';

const binary = (res: NodeJS.ReadableStream, callback: (error: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** The figures the JSON pack holds, as the documents list them (filters and week are in the heading). */
const figuresOf = (report: WeeklyPackReport) =>
  weeklyPackRows(report.pack)
    .filter(([kpi]) => kpi !== 'week' && kpi !== 'filters')
    .map(([kpi, measure, dimension, value]) => ({ kpi, measure, dimension, value }));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The weekly pack as PDF and XLSX over the hand-built scenario (2026-W10, postal): the text pdftotext
 * extracts from the PDF holds every figure of the JSON pack on its own line (kpi, measure, dimension,
 * value), and the workbook read back holds the same figures, rates as formulas whose results are the
 * JSON's; zh-CN and en.
 */
describe('query service: the weekly pack as PDF and XLSX', () => {
  let service: QueryServiceUnderTest;
  let json: WeeklyPackReport;
  let dir: string;
  const query = { week: '2026-W10', businessLine: 'postal' };

  beforeAll(async () => {
    service = await startQueryService('pack_docs', recordScenario());
    json = (await service.as(ANALYST).get('/reports/weekly-pack').query(query)).body as WeeklyPackReport;
    dir = mkdtempSync(join(tmpdir(), 'weekly-pack-'));
  });

  afterAll(async () => {
    await service?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['zh-CN', 'en'] as const)(
    'PDF (%s): pdftotext holds every figure of the JSON pack',
    async (lang) => {
      const response = await service
        .as(ANALYST)
        .get('/reports/weekly-pack.pdf')
        .query({ ...query, lang })
        .buffer(true)
        .parse(binary as never);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const file = join(dir, `pack-${lang}.pdf`);
      writeFileSync(file, response.body as Buffer);
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(text).toContain(
        lang === 'zh-CN' ? '质量分析会周报 2026-W10' : 'Weekly quality-analysis pack 2026-W10',
      );
      const lines = text.split('\n');
      const figures = figuresOf(json);
      expect(figures.length).toBeGreaterThan(50);
      const missing = figures.filter(({ kpi, measure, dimension, value }) => {
        const shown = value === null ? '—' : String(value);
        const pattern = new RegExp(
          `\\(${escape(kpi)}\\)\\s+${escape(measure)}\\s+${dimension ? `${escape(dimension)}\\s+` : ''}${escape(shown)}\\s*$`,
        );
        return !lines.some((line) => pattern.test(line));
      });
      expect(missing).toEqual([]);
      // The formulas are in it too.
      expect(text.replace(/\s+/g, '')).toContain(
        json.definitions[0]!.formula[lang].replace(/\s+/g, '').slice(0, 20),
      );
    },
  );

  it.each(['zh-CN', 'en'] as const)(
    'XLSX (%s): read back, the same figures; rates are formulas',
    async (lang) => {
      const response = await service
        .as(ANALYST)
        .get('/reports/weekly-pack.xlsx')
        .query({ ...query, lang })
        .buffer(true)
        .parse(binary as never);
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.body as never);
      const sheet = workbook.getWorksheet('pack')!;
      const read: { kpi: string; measure: string; dimension: string; value: unknown }[] = [];
      let formulas = 0;
      let started = false;
      sheet.eachRow((row) => {
        const cells = [1, 2, 3, 4, 5].map((index) => row.getCell(index).value);
        if (cells[0] === 'kpi') {
          started = true;
          return;
        }
        if (!started) return;
        let value = cells[4] as unknown;
        if (value && typeof value === 'object' && 'formula' in value) {
          formulas += 1;
          value = (value as unknown as { result: unknown }).result;
        }
        read.push({
          kpi: String(cells[0]),
          measure: String(cells[2]),
          dimension: cells[3] === null || cells[3] === undefined ? '' : String(cells[3]),
          value: value === undefined || value === '' ? null : value,
        });
      });
      expect(read).toEqual(figuresOf(json));
      expect(formulas).toBeGreaterThanOrEqual(6);
      const definitions = workbook.getWorksheet('definitions')!;
      expect(definitions.getRow(2).getCell(3).value).toBe(json.definitions[0]!.formula[lang]);
    },
  );

  it('refuses an unknown language with the field, reason and code', async () => {
    const response = await service
      .as(ANALYST)
      .get('/reports/weekly-pack.pdf')
      .query({ ...query, lang: 'fr' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'lang', code: 'QUERY.INVALID_LANGUAGE' }),
    ]);
  });
});
