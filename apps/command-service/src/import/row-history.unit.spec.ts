import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_POLICY, defaultTaxonomy } from '@app/complaints';
import { parseImportMapping } from './import-mapping';
import { checkCodes, checkHeader } from './mapping-check';
import { type CsvRow, type RowHistory, compileRowHistory } from './row-history';

const exampleMapping = (name: string) =>
  parseImportMapping(JSON.parse(readFileSync(join(__dirname, '../../../../examples/import', name), 'utf8')));
const legacy = exampleMapping('legacy-mapping.json');
const regulator = exampleMapping('regulator-mapping.json');

const legacyRow = (overrides: CsvRow = {}): CsvRow => ({
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

const regulatorRow = (overrides: CsvRow = {}): CsvRow => ({
  'Complaint ID': '7103424',
  'Date received': '01/04/25',
  Product: 'Debt collection',
  Issue: 'Attempts to collect debt not owed',
  Company: 'Woodgrove Bank',
  'Submitted via': 'Web',
  'Company response to consumer': 'Closed with explanation',
  'Date closed': '01/13/25',
  'Timely response?': 'Yes',
  'Consumer disputed?': 'No',
  Tags: '',
  ...overrides,
});

const ok = (history: RowHistory) => {
  if (!history.ok) throw new Error(JSON.stringify(history.problems));
  return history;
};
const stepsOf = (history: RowHistory) => ok(history).steps.map((s) => s.step);
const payloadOf = (history: RowHistory, step: string) =>
  ok(history).steps.find((s) => s.step === step)!.message.payload as Record<string, unknown>;

describe('a CSV row becomes its history', () => {
  const legacyHistory = compileRowHistory(legacy, 'Asia/Shanghai');
  const regulatorHistory = compileRowHistory(regulator, 'America/New_York');

  it('in order, dated in UTC from the export’s zone, with ids derived from the row', () => {
    const history = ok(legacyHistory(legacyRow()));
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
    expect(history.closedAt).toBe('2026-02-04T01:00:00.000Z');
    expect(legacyHistory(legacyRow())).toEqual(history);
  });

  it('stops at what the row does not hold', () => {
    const open = legacyHistory(legacyRow({ 答复时间: '', 结案时间: '' }));
    expect(stepsOf(open)).toEqual(['received', 'classified', 'acknowledged']);
    expect(ok(open).closedAt).toBeUndefined();
  });

  it.each([
    ['an unmapped channel', { 受理渠道: '传真' }, '受理渠道', '传真', 'IMPORT.UNMAPPED_VALUE'],
    ['an unmapped category', { 投诉类别: '被盗' }, '投诉类别', '被盗', 'IMPORT.UNMAPPED_VALUE'],
    ['a date in another format', { 受理时间: '02/02/2026' }, '受理时间', '02/02/2026', 'IMPORT.INVALID_DATE'],
    ['an empty required cell', { 客户诉求: ' ' }, '客户诉求', '', 'IMPORT.MISSING_VALUE'],
    [
      'a reply dated before receipt',
      { 答复时间: '2026-02-01 10:00' },
      '答复时间',
      '2026-02-01 10:00',
      'IMPORT.DATES_OUT_OF_ORDER',
    ],
  ])('refuses %s, naming the CSV column and its text', (_name, overrides, column, value, code) => {
    const history = legacyHistory(legacyRow(overrides as CsvRow));
    expect(history.ok).toBe(false);
    expect(!history.ok && history.problems).toContainEqual(expect.objectContaining({ column, value, code }));
  });

  describe('the mapping language', () => {
    it('fills what an anonymous export lacks with constants and columns joined', () => {
      const received = payloadOf(regulatorHistory(regulatorRow()), 'received');
      expect(received).toMatchObject({
        customer: { reference: 'anonymous-7103424', name: 'Anonymous (regulator export)', contact: {} },
        description: 'Debt collection: Attempts to collect debt not owed',
        demand: 'Not stated in the export',
        receivedBy: { jobNumber: 'IMPORT', orgUnit: 'Woodgrove Bank' },
      });
      expect(payloadOf(regulatorHistory(regulatorRow()), 'classified')).toMatchObject({
        category: 'billing',
      });
    });

    it('maps the category from product and issue together', () => {
      const fees = regulatorRow({ Product: 'Credit card', Issue: 'Fees or interest' });
      expect(payloadOf(regulatorHistory(fees), 'classified')).toMatchObject({ category: 'billing-rules' });
      const unknown = regulatorHistory(regulatorRow({ Product: 'Student loan', Issue: 'Fees or interest' }));
      expect(!unknown.ok && unknown.problems).toEqual([
        expect.objectContaining({
          column: 'Product+Issue',
          value: 'Student loan | Fees or interest',
          code: 'IMPORT.UNMAPPED_VALUE',
        }),
      ]);
    });

    it('lets the status column choose the steps: closed, left open whatever dates it has', () => {
      expect(stepsOf(regulatorHistory(regulatorRow()))).toEqual([
        'received',
        'classified',
        'acknowledged',
        'replied',
        'followed-up',
        'closed',
      ]);
      const inProgress = regulatorRow({
        'Company response to consumer': 'In progress',
        'Consumer disputed?': 'N/A',
      });
      expect(stepsOf(regulatorHistory(inProgress))).toEqual(['received', 'classified', 'acknowledged']);
      const noDate = regulatorHistory(regulatorRow({ 'Date closed': '' }));
      expect(!noDate.ok && noDate.problems).toContainEqual(
        expect.objectContaining({
          field: 'columns.closedAt',
          column: 'Date closed',
          code: 'IMPORT.MISSING_VALUE',
        }),
      );
      const unknownStatus = regulatorHistory(regulatorRow({ 'Company response to consumer': 'Escalated' }));
      expect(!unknownStatus.ok && unknownStatus.problems).toContainEqual(
        expect.objectContaining({ column: 'Company response to consumer', value: 'Escalated' }),
      );
    });

    it('records a dispute column as the follow-up, and none where the column says so', () => {
      const disputed = regulatorRow({ 'Consumer disputed?': 'Yes', 'Timely response?': 'No' });
      expect(payloadOf(regulatorHistory(disputed), 'followed-up')).toEqual({
        method: 'letter',
        level: 'clerk',
        answers: {
          resultSatisfaction: 'dissatisfied',
          timeliness: 'late',
          attitudeSatisfaction: 'neutral',
          wouldReuse: 'unsure',
        },
      });
      const followUp = ok(regulatorHistory(disputed)).steps.find((s) => s.step === 'followed-up')!;
      expect(followUp.occurredAt).toBe(ok(regulatorHistory(disputed)).closedAt);
      expect(stepsOf(regulatorHistory(regulatorRow({ 'Consumer disputed?': 'N/A' })))).not.toContain(
        'followed-up',
      );
      expect(stepsOf(regulatorHistory(regulatorRow({ 'Consumer disputed?': '' })))).not.toContain(
        'followed-up',
      );
    });

    it('sends a referral as its own intake kind, with who referred it, and free tags split', () => {
      const referral = regulatorHistory(
        regulatorRow({ 'Submitted via': 'Referral', Tags: 'Older American, Servicemember' }),
      );
      const received = ok(referral).steps[0]!.message;
      expect(received.type).toBe('ReferralReceived');
      expect(received.payload).toMatchObject({
        channel: 'regulator',
        referredBy: 'Consumer financial regulator',
        referenceNumber: '7103424',
        tags: ['Older American', 'Servicemember'],
      });
      expect(ok(regulatorHistory(regulatorRow())).steps[0]!.message.type).toBe('ComplaintReceived');
    });

    it('reads each vintage’s date format, and places a calendar day on that day in the reporting zone', () => {
      const older = ok(regulatorHistory(regulatorRow({ 'Date received': '01/04/25' })));
      const newer = ok(
        regulatorHistory(regulatorRow({ 'Date received': '2025-01-04', 'Date closed': '2025-01-13' })),
      );
      expect(older.steps[0]!.occurredAt).toBe(newer.steps[0]!.occurredAt);
      // Midnight in New York, not in the mapping's zone: a day west of Shanghai stays that day.
      expect(older.steps[0]!.occurredAt).toBe('2025-01-04T05:00:00.000Z');
      const shanghai = compileRowHistory(regulator, 'Asia/Shanghai');
      expect(ok(shanghai(regulatorRow())).steps[0]!.occurredAt).toBe('2025-01-03T16:00:00.000Z');
    });

    it('takes a column’s own format and zone over the mapping’s', () => {
      const mapping = parseImportMapping({
        ...JSON.parse(
          readFileSync(join(__dirname, '../../../../examples/import/legacy-mapping.json'), 'utf8'),
        ),
        columns: {
          ...legacy.columns,
          repliedAt: { column: '答复时间', format: "yyyy-MM-dd'T'HH:mm", zone: 'UTC' },
        },
      });
      const history = compileRowHistory(
        mapping,
        'Asia/Shanghai',
      )(legacyRow({ 答复时间: '2026-02-03T02:00' }));
      expect(ok(history).steps.find((s) => s.step === 'replied')!.occurredAt).toBe(
        '2026-02-03T02:00:00.000Z',
      );
    });

    it('imports causes after their investigation finding, and withdrawals', () => {
      const mapping = parseImportMapping({
        ...JSON.parse(
          readFileSync(join(__dirname, '../../../../examples/import/legacy-mapping.json'), 'utf8'),
        ),
        columns: { ...legacy.columns, withdrawnAt: '撤诉时间' },
        causes: {
          codes: { column: '原因', split: '、', values: { 分拣: 'sorting-error', 态度: 'staff-attitude' } },
          finding: { column: '调查结果', default: 'Imported cause' },
          responsibleUnit: '责任单位',
        },
      });
      const history = compileRowHistory(mapping, 'Asia/Shanghai');
      const withCauses = history(
        legacyRow({ 原因: '分拣、态度、分拣', 调查结果: '', 责任单位: '枢纽', 撤诉时间: '' }),
      );
      expect(stepsOf(withCauses)).toEqual([
        'received',
        'classified',
        'acknowledged',
        'investigated',
        'causes',
        'replied',
        'closed',
      ]);
      expect(payloadOf(withCauses, 'investigated')).toEqual({ sources: ['records'], what: 'Imported cause' });
      expect(payloadOf(withCauses, 'causes')).toEqual({
        causes: [
          { causeCode: 'sorting-error', responsibleUnit: '枢纽' },
          { causeCode: 'staff-attitude', responsibleUnit: '枢纽' },
        ],
      });
      const withdrawn = history(
        legacyRow({ 原因: '', 调查结果: '', 责任单位: '', 答复时间: '', 撤诉时间: '2026-02-03 08:00' }),
      );
      expect(stepsOf(withdrawn)).toEqual(['received', 'classified', 'acknowledged', 'withdrawn', 'closed']);
    });

    it('gives every row a history in date order, with message ids that are its own and the same every time', () => {
      const day = fc.integer({ min: 0, max: 40 }).map((n) => {
        const date = new Date(Date.UTC(2025, 0, 2 + n));
        return `${String(date.getUTCMonth() + 1).padStart(2, '0')}/${String(date.getUTCDate()).padStart(2, '0')}/25`;
      });
      const row = fc.record({
        'Complaint ID': fc.stringMatching(/^[0-9]{6,8}$/),
        'Date received': day,
        'Date closed': fc.option(day, { nil: '' }),
        'Company response to consumer': fc.constantFrom(
          'Closed with explanation',
          'In progress',
          'Untimely response',
        ),
        'Consumer disputed?': fc.constantFrom('Yes', 'No', 'N/A', ''),
        'Submitted via': fc.constantFrom('Web', 'Phone', 'Referral', 'Postal mail'),
        Tags: fc.constantFrom('', 'Older American', 'Servicemember, Older American'),
      });
      fc.assert(
        fc.property(row, (overrides) => {
          const history = regulatorHistory(regulatorRow(overrides));
          expect(regulatorHistory(regulatorRow(overrides))).toEqual(history);
          if (!history.ok) {
            for (const problem of history.problems) expect(problem.column).toBeDefined();
            return;
          }
          const times = history.steps.map((s) => Date.parse(s.occurredAt));
          expect(times).toEqual([...times].sort((a, b) => a - b));
          const ids = history.steps.map((s) => s.message.messageId);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids.every((id) => String(id).startsWith(`import:${overrides['Complaint ID']}:`))).toBe(true);
          expect(history.steps[0]!.step).toBe('received');
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('the mapping is checked before the first row', () => {
  const context = { taxonomy: defaultTaxonomy(), policy: DEFAULT_POLICY };

  it('names every column the file lacks, with where the mapping names it, in one error', () => {
    const header = Object.keys(regulatorRow()).filter((name) => name !== 'Issue' && name !== 'Tags');
    expect(() => checkHeader(regulator, header)).toThrow(
      /"Issue" \(columns\.category\), "Issue" \(columns\.description\), "Tags" \(tags\)\. The file's columns: "Complaint ID"/,
    );
    expect(() => checkHeader(regulator, Object.keys(regulatorRow()))).not.toThrow();
  });

  it('names every code the taxonomy or the policy lacks, and passes the examples', () => {
    expect(() => checkCodes(regulator, context)).not.toThrow();
    expect(() => checkCodes(legacy, context)).not.toThrow();
    const wrong = parseImportMapping({
      ...regulator,
      businessLine: 'bank',
      values: { ...regulator.values, category: { Fees: 'item-delayed' } },
      status: { column: 'Company response to consumer', values: { Done: 'finished' } },
      followUp: { ...regulator.followUp, level: 'ceo' },
      causes: { codes: { column: 'Cause', values: { Rude: 'rudeness' } }, finding: { const: 'x' } },
    });
    const message = (() => {
      try {
        checkCodes(wrong, context);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain("values.category['Fees'] → 'item-delayed' is not a category of bank");
    expect(message).toContain("status.values['Done'] → 'finished' is not a status");
    expect(message).toContain("followUp.level 'ceo' is not a level of the policy");
    expect(message).toContain("causes.codes.values['Rude'] → 'rudeness' is not a cause of bank");
  });
});
