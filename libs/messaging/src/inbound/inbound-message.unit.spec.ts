import fc from 'fast-check';
import { MAX_INBOUND_MESSAGE_BYTES, parseInboundMessage, validateInboundMessage } from './inbound-message';

const received = {
  messageId: 'm-1',
  type: 'ComplaintReceived',
  schemaVersion: 1,
  source: { system: 'hotline-platform', externalId: 'HL-1' },
  occurredAt: '2026-03-01T08:00:00+08:00',
  payload: {
    businessLine: 'postal',
    channel: 'hotline-11185',
    customer: { reference: 'C-1', name: '张三', contact: { phone: '13800000000' } },
    description: '延误',
    demand: '投递',
    receivedBy: { jobNumber: 'H1', orgUnit: 'centre' },
  },
};

const codesOf = (result: ReturnType<typeof validateInboundMessage>) =>
  result.ok ? [] : result.problems.map((p) => `${p.field} ${p.code}`);

describe('inbound message contract', () => {
  it('accepts a complete message of each type', () => {
    const messages = [
      received,
      {
        ...received,
        type: 'ReferralReceived',
        payload: { ...received.payload, referredBy: '12315', referenceNumber: 'R-9' },
      },
      {
        ...received,
        type: 'FollowUpResultReported',
        payload: {
          method: 'phone',
          level: 'team-lead',
          answers: {
            resultSatisfaction: 'satisfied',
            timeliness: 'late',
            attitudeSatisfaction: 'neutral',
            wouldReuse: 'unsure',
          },
        },
      },
      { ...received, type: 'StatusUpdated', payload: { status: 'closed' } },
      {
        ...received,
        type: 'StatusUpdated',
        payload: { status: 'acknowledged', mode: 'deferred', contactMethod: 'sms' },
      },
      { ...received, payload: { ...received.payload, tags: ['older customer', 'repeat'] } },
      {
        ...received,
        type: 'InvestigationFindingReported',
        payload: { sources: ['records', 'staff'], what: 'Missorted at the hub' },
      },
      {
        ...received,
        type: 'RootCausesReported',
        payload: {
          causes: [
            { causeCode: 'sorting-error', responsibleUnit: 'hub-2' },
            { causeCode: 'staff-attitude', responsibleUnit: 'counter-1', staffJobNumber: 'A101' },
          ],
        },
      },
    ];
    for (const message of messages) expect(validateInboundMessage(message)).toEqual({ ok: true, message });
  });

  it('refuses empty lists of tags, sources or causes, naming the list', () => {
    expect(
      codesOf(validateInboundMessage({ ...received, payload: { ...received.payload, tags: [] } })),
    ).toEqual(['payload.tags INBOUND.TOO_SMALL']);
    expect(
      codesOf(
        validateInboundMessage({
          ...received,
          type: 'InvestigationFindingReported',
          payload: { sources: [], what: 'x' },
        }),
      ),
    ).toEqual(['payload.sources INBOUND.TOO_SMALL']);
    expect(
      codesOf(validateInboundMessage({ ...received, type: 'RootCausesReported', payload: { causes: [] } })),
    ).toEqual(['payload.causes INBOUND.TOO_SMALL']);
  });

  it('names the field and a stable code for each problem', () => {
    expect(codesOf(validateInboundMessage({ ...received, type: 'Nope' }))).toEqual([
      'type INBOUND.UNKNOWN_TYPE',
    ]);
    expect(codesOf(validateInboundMessage(null))).toEqual(['type INBOUND.UNKNOWN_TYPE']);
    expect(codesOf(validateInboundMessage({ ...received, occurredAt: '2026-03-01 08:00' }))).toEqual([
      'occurredAt INBOUND.INVALID_FORMAT',
    ]);
    expect(codesOf(validateInboundMessage({ ...received, extra: true }))).toEqual([
      ' INBOUND.UNRECOGNIZED_KEYS',
    ]);
    const { demand: _d, ...payload } = received.payload;
    expect(codesOf(validateInboundMessage({ ...received, payload }))).toEqual([
      'payload.demand INBOUND.INVALID_TYPE',
    ]);
    expect(
      codesOf(
        validateInboundMessage({ ...received, payload: { ...received.payload, channel: 'Hotline 11185' } }),
      ),
    ).toEqual(['payload.channel INBOUND.INVALID_FORMAT']);
    expect(
      codesOf(
        validateInboundMessage({ ...received, type: 'StatusUpdated', payload: { status: 'teleported' } }),
      ),
    ).toEqual(['payload.status INBOUND.INVALID_UNION']);
  });

  it('refuses text no store keeps (NUL, half a surrogate pair) with its field, and keeps whole pairs', () => {
    // As a Kafka message carries them: JSON escapes, which JSON.parse turns into the bad characters.
    const withDemand = (escaped: string) =>
      parseInboundMessage(JSON.stringify(received).replace('"投递"', `"${escaped}"`));
    expect(withDemand('a\\u0000b')).toEqual({
      ok: false,
      problems: [
        {
          field: 'payload.demand',
          reason: expect.stringContaining('NUL'),
          code: 'INBOUND.MALFORMED_TEXT',
        },
      ],
    });
    expect(withDemand('a\\ud800b')).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'payload.demand', code: 'INBOUND.MALFORMED_TEXT' })],
    });
    expect(withDemand('a\\udc00')).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'payload.demand', code: 'INBOUND.MALFORMED_TEXT' })],
    });
    const emoji = withDemand('投递 \\ud83d\\udce6');
    expect(emoji.ok && emoji.message.payload).toEqual(expect.objectContaining({ demand: '投递 📦' }));
  });

  it('refuses empty, oversized and non-JSON bytes before parsing them', () => {
    expect(parseInboundMessage(null)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ code: 'INBOUND.EMPTY' })],
    });
    expect(parseInboundMessage('x'.repeat(MAX_INBOUND_MESSAGE_BYTES + 1))).toEqual({
      ok: false,
      problems: [expect.objectContaining({ code: 'INBOUND.TOO_LARGE' })],
    });
    expect(parseInboundMessage('{"type":')).toEqual({
      ok: false,
      problems: [expect.objectContaining({ code: 'INBOUND.MALFORMED_JSON' })],
    });
    expect(parseInboundMessage(Buffer.from(JSON.stringify(received)))).toEqual({
      ok: true,
      message: received,
    });
  });
});

/** Where a string sits in a message: the keys down to it. */
type Leaf = string[];

const leavesOf = (value: unknown, path: Leaf = []): Leaf[] =>
  typeof value === 'string'
    ? [path]
    : typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, child]) => leavesOf(child, [...path, key]))
      : [];

const objectsOf = (value: unknown, path: Leaf = []): Leaf[] =>
  typeof value === 'object' && value !== null
    ? [path, ...Object.entries(value).flatMap(([key, child]) => objectsOf(child, [...path, key]))]
    : [];

const withValue = (value: unknown, [key, ...rest]: Leaf, put: (old: unknown) => unknown): unknown =>
  key === undefined
    ? put(value)
    : {
        ...(value as Record<string, unknown>),
        [key]: withValue((value as Record<string, unknown>)[key], rest, put),
      };

describe('security class 9: dead letters never echo the message', () => {
  const valid = [
    received,
    {
      ...received,
      type: 'StatusUpdated',
      payload: { status: 'acknowledged', mode: 'deferred', contactMethod: 'sms', reply: '今天回电' },
    },
    {
      ...received,
      type: 'FollowUpResultReported',
      payload: {
        method: 'phone',
        level: 'team-lead',
        answers: {
          resultSatisfaction: 'satisfied',
          timeliness: 'late',
          attitudeSatisfaction: 'neutral',
          wouldReuse: 'no',
        },
        comment: '还行',
      },
    },
  ];
  /** Something a message may carry that no log may: recognisable, and never a word of the contract. */
  const secret = fc.stringMatching(/^[A-Z0-9]{10}$/).map((tail) => `Zq${tail}`);
  /** Every 6-character piece of the secret: a reason that quotes part of it leaks it too. */
  const piecesOf = (text: string) => Array.from({ length: text.length - 5 }, (_, i) => text.slice(i, i + 6));

  type Broken = { how: string; raw: string };
  const broken = (message: object, secretText: string): fc.Arbitrary<Broken> => {
    const leaves = leavesOf(message);
    const quoted = JSON.stringify(secretText);
    return fc.oneof(
      fc.constantFrom(...leaves).map((leaf) => ({
        how: `as the value of ${leaf.join('.')}`,
        raw: JSON.stringify(withValue(message, leaf, () => secretText)),
      })),
      fc.constantFrom(...leaves).map((leaf) => ({
        how: `unquoted at ${leaf.join('.')}`,
        raw: JSON.stringify(withValue(message, leaf, () => secretText)).replace(quoted, secretText),
      })),
      fc
        .tuple(fc.constantFrom(...leaves), fc.constantFrom('x', '}', ' "', '\u0001', ',}'))
        .map(([leaf, junk]) => ({
          how: `followed by ${JSON.stringify(junk)} at ${leaf.join('.')}`,
          raw: JSON.stringify(withValue(message, leaf, () => secretText)).replace(quoted, `${quoted}${junk}`),
        })),
      fc.tuple(fc.constantFrom(...leaves), fc.nat(secretText.length + 2)).map(([leaf, keep]) => {
        const whole = JSON.stringify(withValue(message, leaf, () => secretText));
        return {
          how: `cut inside the secret at ${leaf.join('.')}`,
          raw: whole.slice(0, whole.indexOf(quoted) + keep),
        };
      }),
      fc.constantFrom(...objectsOf(message)).map((at) => ({
        how: `as an unknown key in ${at.join('.') || 'the message'}`,
        raw: JSON.stringify(withValue(message, at, (old) => ({ ...(old as object), [secretText]: 1 }))),
      })),
    );
  };

  it('names the field and the error class of a malformed message, never a piece of its text', () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        fc
          .constantFrom(...valid)
          .chain((message) =>
            secret.chain((secretText) => broken(message, secretText).map((b) => ({ ...b, secretText }))),
          ),
        ({ how, raw, secretText }) => {
          const result = parseInboundMessage(raw);
          if (result.ok) return;
          rejected++;
          const said = JSON.stringify(result.problems);
          const leaked = piecesOf(secretText).filter((piece) => said.includes(piece));
          if (leaked.length > 0) throw new Error(`secret ${how}: the problems repeat ${leaked[0]}: ${said}`);
          for (const problem of result.problems) expect(problem.code).toMatch(/^INBOUND\.[A-Z_]+$/);
        },
      ),
      { seed: 20_260_313, numRuns: 500 },
    );
    expect(rejected).toBeGreaterThan(300);
  });

  it('says where JSON broke and what kind of error it was', () => {
    expect(parseInboundMessage('{"customer": Zq1234567890}')).toEqual({
      ok: false,
      problems: [{ field: '', reason: 'not valid JSON (SyntaxError)', code: 'INBOUND.MALFORMED_JSON' }],
    });
    expect(parseInboundMessage('{"customer": "Zq1234567890" x}')).toEqual({
      ok: false,
      problems: [
        { field: '', reason: 'not valid JSON (SyntaxError at position 28)', code: 'INBOUND.MALFORMED_JSON' },
      ],
    });
    expect(
      codesOf(validateInboundMessage({ ...received, payload: { ...received.payload, Zq1234567890: 1 } })),
    ).toEqual(['payload INBOUND.UNRECOGNIZED_KEYS']);
  });
});
