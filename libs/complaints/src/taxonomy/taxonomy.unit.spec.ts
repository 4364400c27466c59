import { ComplaintErrors as E } from '../complaint/complaint.errors';
import { cmd } from '../test-support/complaint-commands';
import { ev } from '../test-support/complaint-events';
import { given } from '../test-support/decider-spec';
import { DEFAULT_POLICY } from '../policy/complaint-policy';
import { POSTAL, PRESET_LINES, defaultTaxonomy } from './presets';
import {
  CAUSE_FAMILIES,
  CAUSE_FAMILY_LABELS,
  FORMS,
  FORM_LABELS,
  RESPONSIBILITIES,
  RESPONSIBILITY_LABELS,
  SEVERITIES,
  SEVERITY_LABELS,
  Taxonomy,
} from './taxonomy';

const codes = (entries: readonly { code: string }[]): string[] => entries.map((entry) => entry.code);

describe('the preset taxonomy', () => {
  const taxonomy = defaultTaxonomy();

  it('knows the five business lines of the sources', () =>
    expect(taxonomy.businessLines().map((line) => line.businessLine)).toStrictEqual([
      'postal',
      'telecom',
      'bank',
      'hotel',
      'tobacco',
    ]));

  it('gives each line its own hotline or desk beside the common channels', () =>
    expect(
      Object.fromEntries(PRESET_LINES.map((line) => [line.businessLine, codes(line.channels).slice(7)])),
    ).toStrictEqual({
      postal: ['hotline-11185'],
      telecom: ['hotline-10086'],
      bank: ['hotline-95588'],
      hotel: ['front-desk'],
      tobacco: ['hotline-12313'],
    }));

  describe.each(PRESET_LINES.map((line) => [line.businessLine, line] as const))('%s', (_name, line) => {
    it('has no code twice among its channels, categories or causes', () => {
      for (const list of [line.channels, line.categories, line.causes])
        expect(new Set(codes(list)).size).toBe(list.length);
    });

    it('has causes in each of the four families', () =>
      expect([...new Set(line.causes.map((cause) => cause.family))].sort()).toStrictEqual(
        [...CAUSE_FAMILIES].sort(),
      ));

    it('labels every entry in Chinese and English', () => {
      const unlabelled = [line, ...line.channels, ...line.categories, ...line.causes].filter(
        (entry) => entry.labels['zh-CN'].trim() === '' || entry.labels.en.trim() === '',
      );
      expect(unlabelled).toStrictEqual([]);
    });
  });

  it('labels every cause family, severity, responsibility and form', () => {
    expect(Object.keys(CAUSE_FAMILY_LABELS).sort()).toStrictEqual([...CAUSE_FAMILIES].sort());
    expect(Object.keys(SEVERITY_LABELS).sort()).toStrictEqual([...SEVERITIES].sort());
    expect(Object.keys(RESPONSIBILITY_LABELS).sort()).toStrictEqual([...RESPONSIBILITIES].sort());
    expect(Object.keys(FORM_LABELS).sort()).toStrictEqual([...FORMS].sort());
  });

  it('answers nothing for an unknown line', () => {
    expect(taxonomy.line('railway')).toBeUndefined();
    expect(taxonomy.hasChannel('railway', 'counter')).toBe(false);
    expect(taxonomy.hasCategory('railway', 'service-attitude')).toBe(false);
    expect(taxonomy.cause('railway', 'staff-attitude')).toBeUndefined();
  });

  it('finds a cause with its family', () =>
    expect(taxonomy.cause('bank', 'mis-selling')).toStrictEqual({
      code: 'mis-selling',
      family: 'staff',
      labels: { 'zh-CN': '销售误导', en: 'Mis-selling' },
    }));
});

describe('codes per business line, as the decider sees them', () => {
  describe.each<[string, string, boolean]>([
    ['postal', 'item-lost', true],
    ['postal', 'network', false],
    ['telecom', 'network', true],
    ['telecom', 'item-lost', false],
    ['bank', 'wealth-product', true],
    ['hotel', 'room-cleanliness', true],
    ['hotel', 'queueing', false],
    ['tobacco', 'supply-allocation', true],
    ['tobacco', 'service-attitude', true],
  ])('category %s / %s', (businessLine, category, known) => {
    const history = [ev.registered({ businessLine })];

    if (known)
      it('is known: the complaint is classified', () =>
        given(history)
          .when(cmd.classify({ category }))
          .then([ev.classified({ category })]));
    else
      it('is unknown', () =>
        given(history).when(cmd.classify({ category })).thenThrows(E.UNKNOWN_CATEGORY, 'category'));
  });

  describe.each<[string, string, boolean]>([
    ['hotel', 'front-desk', true],
    ['bank', 'front-desk', false],
    ['bank', 'hotline-95588', true],
    ['tobacco', 'hotline-11185', false],
    ['telecom', 'consumer-association', true],
  ])('channel %s / %s', (businessLine, channel, known) => {
    if (known)
      it('is known: the complaint is registered', () =>
        given([])
          .when(cmd.register({ businessLine, channel }))
          .then([ev.registered({ businessLine, channel })]));
    else
      it('is unknown', () =>
        given([]).when(cmd.register({ businessLine, channel })).thenThrows(E.UNKNOWN_CHANNEL, 'channel'));
  });

  it('takes a custom taxonomy as the context', () => {
    const custom = new Taxonomy([
      {
        ...POSTAL,
        businessLine: 'parcel-lockers',
        categories: [{ code: 'locker-jammed', labels: { 'zh-CN': '柜门卡住', en: 'Locker jammed' } }],
      },
    ]);
    const context = { taxonomy: custom, policy: DEFAULT_POLICY };
    given([ev.registered({ businessLine: 'parcel-lockers' })], context)
      .when(cmd.classify({ category: 'locker-jammed' }))
      .then([ev.classified({ category: 'locker-jammed' })]);
    given([ev.registered({ businessLine: 'parcel-lockers' })], context)
      .when(cmd.classify({ category: 'item-lost' }))
      .thenThrows(E.UNKNOWN_CATEGORY, 'category');
  });
});
