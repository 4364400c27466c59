/** Upstream messages as the hotline platform would send them, for the ingress tests. */
export const complaintReceived = (i: number, overrides: Record<string, unknown> = {}) => ({
  messageId: `hl-msg-${i}`,
  type: 'ComplaintReceived',
  schemaVersion: 1,
  source: { system: 'hotline-platform', externalId: `HL-2026-${String(i).padStart(6, '0')}` },
  occurredAt: '2026-03-01T08:00:00+08:00',
  payload: {
    businessLine: 'postal',
    channel: 'hotline-11185',
    customer: { reference: `CUST-${i % 300}`, name: `客户${i}`, contact: { phone: '+86 10 1234 5678' } },
    description: `邮件延误 #${i}`,
    demand: '尽快投递',
    receivedBy: { jobNumber: `H${1000 + (i % 40)}`, orgUnit: `call-centre-${i % 3}` },
  },
  ...overrides,
});

/** Each malformed variant: how it is broken, and the code its dead letter or error must carry. */
export const malformedVariants: { kind: string; code: string; make: (i: number) => string }[] = [
  { kind: 'invalid JSON', code: 'INBOUND.MALFORMED_JSON', make: (i) => `{"messageId":"bad-${i}", "type":` },
  {
    kind: 'unknown type',
    code: 'INBOUND.UNKNOWN_TYPE',
    make: (i) => JSON.stringify({ ...complaintReceived(100_000 + i), type: 'ComplaintTeleported' }),
  },
  {
    kind: 'missing field',
    code: 'INBOUND.INVALID_TYPE',
    make: (i) => {
      const message = complaintReceived(100_000 + i);
      const { demand: _missing, ...payload } = message.payload;
      return JSON.stringify({ ...message, payload });
    },
  },
  {
    kind: 'unknown code',
    code: 'TAXONOMY.UNKNOWN_CHANNEL',
    make: (i) => {
      const message = complaintReceived(100_000 + i);
      return JSON.stringify({ ...message, payload: { ...message.payload, channel: 'carrier-pigeon' } });
    },
  },
  {
    kind: 'wrong date',
    code: 'INBOUND.INVALID_FORMAT',
    make: (i) => JSON.stringify(complaintReceived(100_000 + i, { occurredAt: '2026-02-30 25:00' })),
  },
  {
    kind: 'oversized payload',
    code: 'INBOUND.TOO_LARGE',
    make: (i) => {
      const message = complaintReceived(100_000 + i);
      return JSON.stringify({
        ...message,
        payload: { ...message.payload, description: '长'.repeat(30_000) },
      });
    },
  },
];
