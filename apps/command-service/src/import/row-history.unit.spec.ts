import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseImportMapping } from './import-mapping';
import { type CsvRow, rowHistory } from './row-history';

const mapping = parseImportMapping(
  JSON.parse(readFileSync(join(__dirname, '../../../../examples/import/legacy-mapping.json'), 'utf8')),
);

const row = (overrides: CsvRow = {}): CsvRow => ({
  工单编号: 'LC-1',
  受理时间: '2026-02-02 09:15',
  受理渠道: '电话',
  投诉类别: '延误',
  严重程度: '严重',
  客户编号: 'K1',
  客户姓名: '张伟',
  联系电话: '13800000001',
  投诉内容: '包裹未到',
  客户诉求: '投递',
  受理工号: 'A101',
  受理单位: '朝阳支局',
  答复时间: '2026-02-03 10:00',
  答复内容: '已投递',
  结案时间: '2026-02-04 09:00',
  重开时间: '',
  重开原因: '',
  ...overrides,
});

describe('a CSV row becomes its history', () => {
  it('in order, dated in UTC from the export’s zone, with ids derived from the row', () => {
    const history = rowHistory(row(), mapping);
    if (!history.ok) throw new Error(JSON.stringify(history.problems));
    expect(history.steps.map((s) => [s.step, s.occurredAt])).toEqual([
      ['received', '2026-02-02T01:15:00.000Z'],
      ['classified', '2026-02-02T01:15:00.000Z'],
      ['acknowledged', '2026-02-02T01:15:00.000Z'],
      ['replied', '2026-02-03T02:00:00.000Z'],
      ['closed', '2026-02-04T01:00:00.000Z'],
    ]);
    expect(history.steps[0]!.message).toMatchObject({
      messageId: 'import:LC-1:received',
      type: 'ComplaintReceived',
      source: { system: 'legacy-crm', externalId: 'LC-1' },
      payload: {
        channel: 'hotline-11185',
        customer: { reference: 'K1', name: '张伟', contact: { phone: '13800000001' } },
      },
    });
    expect(history.steps[1]!.message).toMatchObject({
      payload: { category: 'item-delayed', severity: 'serious' },
    });
    expect(rowHistory(row(), mapping)).toEqual(history);
  });

  it('stops at what the row does not hold', () => {
    const open = rowHistory(row({ 答复时间: '', 结案时间: '' }), mapping);
    expect(open.ok && open.steps.map((s) => s.step)).toEqual(['received', 'classified', 'acknowledged']);
  });

  it.each([
    ['an unmapped channel', { 受理渠道: '传真' }, '受理渠道', 'IMPORT.UNMAPPED_VALUE'],
    ['an unmapped category', { 投诉类别: '被盗' }, '投诉类别', 'IMPORT.UNMAPPED_VALUE'],
    ['a date in another format', { 受理时间: '02/02/2026' }, '受理时间', 'IMPORT.INVALID_DATE'],
    ['an empty required cell', { 客户诉求: ' ' }, '客户诉求', 'IMPORT.MISSING_VALUE'],
    [
      'a reply dated before receipt',
      { 答复时间: '2026-02-01 10:00' },
      'replied',
      'IMPORT.DATES_OUT_OF_ORDER',
    ],
  ])('refuses %s, naming the column', (_name, overrides, field, code) => {
    const history = rowHistory(row(overrides as CsvRow), mapping);
    expect(history.ok).toBe(false);
    expect(!history.ok && history.problems).toContainEqual(expect.objectContaining({ field, code }));
  });
});
