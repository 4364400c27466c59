import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, deliver, verifySignature } from './webhook-delivery';

/** A local receiver: answers each request with the next status of `statuses` (200 when they run out). */
const receiver = async (statuses: number[]) => {
  const received: { body: string; signature: string | undefined; delivery: string | undefined }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: request.headers[SIGNATURE_HEADER] as string | undefined,
        delivery: request.headers['x-delivery-id'] as string | undefined,
      });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

const SECRET = 'webhook-secret-for-tests-0123456789';
const body = JSON.stringify({ alertId: 'a1', rule: 'cause-spike-daily' });
const fast = { attempts: 4, baseDelayMs: 1, timeoutMs: 2_000 };

describe('webhook delivery', () => {
  it('signs the body: the receiver verifies it, a changed body or another secret fails', async () => {
    const r = await receiver([]);
    try {
      const result = await deliver({ id: 'ops', url: r.url, secret: SECRET }, 'd1', body, fast);
      expect(result).toEqual({ delivered: true, attempts: 1, status: 200 });
      expect(r.received).toHaveLength(1);
      const [got] = r.received;
      expect(got!.body).toBe(body);
      expect(verifySignature(SECRET, got!.body, got!.signature)).toBe(true);
      expect(verifySignature(SECRET, `${got!.body} `, got!.signature)).toBe(false);
      expect(verifySignature('another-secret', got!.body, got!.signature)).toBe(false);
    } finally {
      await r.close();
    }
  });

  it('retries a 5xx with growing waits, then delivers', async () => {
    const r = await receiver([503, 500]);
    const waits: number[] = [];
    try {
      const result = await deliver({ id: 'ops', url: r.url, secret: SECRET }, 'd2', body, {
        ...fast,
        baseDelayMs: 100,
        sleep: async (ms) => void waits.push(ms),
      });
      expect(result).toEqual({ delivered: true, attempts: 3, status: 200 });
      expect(waits).toEqual([100, 200]);
      expect(new Set(r.received.map((each) => each.delivery))).toEqual(new Set(['d2']));
    } finally {
      await r.close();
    }
  });

  it('dead-letters after the last attempt, and at once on a 4xx', async () => {
    const r = await receiver([500, 500, 500, 500, 400]);
    try {
      const failed = await deliver({ id: 'ops', url: r.url, secret: SECRET }, 'd3', body, fast);
      expect(failed).toMatchObject({
        delivered: false,
        deadLetter: { webhookId: 'ops', deliveryId: 'd3', attempts: 4, reason: 'HTTP 500', body },
      });
      const refused = await deliver({ id: 'ops', url: r.url, secret: SECRET }, 'd4', body, fast);
      expect(refused).toMatchObject({ delivered: false, deadLetter: { reason: 'HTTP 400' } });
      expect(r.received).toHaveLength(5);
      expect(JSON.stringify([failed, refused])).not.toContain(SECRET);
    } finally {
      await r.close();
    }
  });

  it('dead-letters an unreachable receiver', async () => {
    const r = await receiver([]);
    await r.close();
    const result = await deliver({ id: 'ops', url: r.url, secret: SECRET }, 'd5', body, fast);
    expect(result).toMatchObject({ delivered: false, deadLetter: { attempts: 4 } });
  });
});
