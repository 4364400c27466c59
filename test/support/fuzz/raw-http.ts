import { type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';

export type RawAnswer = { status: number; headers: Record<string, string>; body: unknown; text: string };

/** Listens on an ephemeral loopback port (once) and answers the port. */
export const listeningPort = async (server: Server): Promise<number> => {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const parseAnswer = (raw: string): RawAnswer => {
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, split < 0 ? raw.length : split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const text = split < 0 ? '' : raw.slice(split + 4);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the text itself is the body.
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body, text };
};

/**
 * Sends the bytes exactly as given — repeated or odd headers, bodies that lie about their length or
 * encoding, which an HTTP client library refuses to send — with `Connection: close`, and reads the
 * answer until the server closes the connection. With `abortWhen`, the client goes away instead once
 * that promise settles (the server has the request, its body still incomplete): no answer comes.
 */
export const rawRequest = async (
  server: Server,
  request: { method: string; path: string; headers: readonly (readonly [string, string])[]; body?: Buffer },
  options: { abortWhen?: Promise<unknown>; timeoutMs?: number } = {},
): Promise<RawAnswer | undefined> => {
  const port = await listeningPort(server);
  const head = [
    `${request.method} ${request.path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timeoutMs = options.timeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${request.method} ${request.path}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(options.abortWhen ? undefined : parseAnswer(Buffer.concat(chunks).toString('utf8')));
    });
    socket.write(`${head}\r\n\r\n`);
    if (request.body) socket.write(request.body);
    void options.abortWhen?.then(() => socket.destroy());
  });
};
