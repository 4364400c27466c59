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
    ];
    for (const message of messages) expect(validateInboundMessage(message)).toEqual({ ok: true, message });
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
