import dns from 'node:dns';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '../../src/webhooks/transport/webhook-secret';
import { WebhookSender } from '../../src/webhooks/transport/webhook-sender';
import { webhookHeaders } from '../../src/webhooks/transport/webhook-signature';
import { waitFor } from '../harness/free-port';

/**
 * Real deliveries, to receivers on 127.0.0.1 only. Names are answered by injected lookups and the system resolver
 * is blocked, so nothing here can reach beyond the loopback interface.
 */
const namesAskedOfTheSystem: string[] = [];
const realLookup = dns.lookup;
// Node's listen() passes address literals through dns.lookup too; those never reach a resolver.
const systemLookup = jest.spyOn(dns, 'lookup').mockImplementation(((hostname: string, ...rest: unknown[]) => {
  if (isIP(hostname)) return (realLookup as (...args: unknown[]) => void)(hostname, ...rest);
  namesAskedOfTheSystem.push(hostname);
  throw new Error(`this test must not resolve names (asked for ${hostname})`);
}) as unknown as typeof dns.lookup);

interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Answer = (request: ReceivedRequest, response: ServerResponse) => void;

class LoopbackReceiver {
  readonly received: ReceivedRequest[] = [];
  connections = 0;
  private readonly server = createServer((request, response) => this.record(request, response));

  private constructor(private readonly answer: Answer) {
    this.server.on('connection', () => this.connections++);
  }

  static async start(answer: Answer): Promise<LoopbackReceiver> {
    const receiver = new LoopbackReceiver(answer);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) };
      this.received.push(received);
      this.answer(received, response);
    });
  }
}

const sender = new WebhookSender();
const receivers: LoopbackReceiver[] = [];
const previousSecret = generateWebhookSecret();
const currentSecret = generateWebhookSecret();

async function receiver(answer: Answer): Promise<LoopbackReceiver> {
  const started = await LoopbackReceiver.start(answer);
  receivers.push(started);
  return started;
}

function signedDelivery(data: unknown = { id: 'prod_1', name: 'Café crème ✓' }) {
  const body = JSON.stringify({ type: 'product.updated', timestamp: new Date().toISOString(), data });
  const message = { id: `msg_${Math.random().toString(36).slice(2)}`, timestamp: Math.floor(Date.now() / 1000), body };
  return { body, headers: webhookHeaders(message, [previousSecret, currentSecret]) };
}

afterAll(async () => {
  await Promise.all(receivers.map((started) => started.close()));
  systemLookup.mockRestore();
});

afterEach(() => expect(namesAskedOfTheSystem).toEqual([]));

it('has the resolver guard in place where Node looks it up', () => {
  expect(jest.isMockFunction(jest.requireActual<typeof dns>('node:dns').lookup)).toBe(true);
});

describe('WebhookSender against loopback receivers (private targets allowed, as in development and tests)', () => {
  it('delivers the exact signed body, which a Standard Webhooks receiver holding either rotated secret accepts', async () => {
    const verified: unknown[] = [];
    const target = await receiver((request, response) => {
      const headers = request.headers as Record<string, string>;
      verified.push(new Webhook(previousSecret).verify(request.body, headers), new Webhook(currentSecret).verify(request.body, headers));
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    const delivery = signedDelivery();

    const result = await sender.send({ url: `${target.url}/hooks/catalog?tenant=7`, ...delivery, allowPrivate: true });

    expect(result).toEqual({ outcome: 'delivered', statusCode: 200, responseSnippet: 'ok', latencyMs: expect.any(Number) });
    const [received] = target.received;
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/hooks/catalog?tenant=7');
    expect(received.body.equals(Buffer.from(delivery.body, 'utf8'))).toBe(true);
    expect(received.headers).toMatchObject({ ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) });
    expect(verified).toEqual([JSON.parse(delivery.body), JSON.parse(delivery.body)]);
  });

  it('connects to the address the check resolved, without resolving the name again, and keeps the name as Host', async () => {
    const target = await receiver((_request, response) => response.writeHead(204).end());
    const lookup = jest.fn(async () => [{ address: '127.0.0.1', family: 4 as const }]);

    const result = await sender.send({ url: `http://receiver.example.test:${target.port}/`, ...signedDelivery(), allowPrivate: true, lookup });

    expect(result).toMatchObject({ outcome: 'delivered', statusCode: 204 });
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(target.received[0].headers.host).toBe(`receiver.example.test:${target.port}`);
  });

  it('reports a 500 as failed with its status and the start of its body', async () => {
    const target = await receiver((_request, response) => response.writeHead(500).end('database down'));

    const result = await sender.send({ url: target.url, ...signedDelivery(), allowPrivate: true });

    expect(result).toEqual({
      outcome: 'failed',
      statusCode: 500,
      error: 'http status 500',
      responseSnippet: 'database down',
      latencyMs: expect.any(Number),
    });
  });

  it.each([
    [429, '30', 30],
    [503, new Date(Date.now() + 120_000).toUTCString(), 120],
  ])('passes on the Retry-After of a %i', async (status, retryAfter, seconds) => {
    const target = await receiver((_request, response) => response.writeHead(status, { 'retry-after': retryAfter }).end());

    const result = await sender.send({ url: target.url, ...signedDelivery(), allowPrivate: true });

    expect(result).toMatchObject({ outcome: 'failed', statusCode: status });
    expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(seconds - 2);
    expect(result.retryAfterSeconds).toBeLessThanOrEqual(seconds);
  });

  it('does not follow a redirect, even to another loopback receiver', async () => {
    const redirectedTo = await receiver((_request, response) => response.writeHead(200).end());
    const target = await receiver((_request, response) => response.writeHead(302, { location: `${redirectedTo.url}/elsewhere` }).end());

    const result = await sender.send({ url: target.url, ...signedDelivery(), allowPrivate: true });

    expect(result).toMatchObject({ outcome: 'failed', statusCode: 302, error: 'redirect not followed' });
    expect(redirectedTo.received).toHaveLength(0);
    expect(redirectedTo.connections).toBe(0);
  });

  it('gives up on a receiver that never answers once the timeout has passed', async () => {
    const target = await receiver(() => undefined);
    const timeoutMs = 300;
    const startedAt = Date.now();

    const result = await sender.send({ url: target.url, ...signedDelivery(), allowPrivate: true, timeoutMs });

    expect(result).toEqual({ outcome: 'failed', error: 'timeout', latencyMs: expect.any(Number) });
    expect(result.latencyMs).toBeGreaterThanOrEqual(timeoutMs - 5);
    expect(Date.now() - startedAt).toBeLessThan(timeoutMs + 2_000);
    expect(target.received).toHaveLength(1);
  });

  it('stops reading a huge response body at the cap and hangs up', async () => {
    let receiverSawHangUp = false;
    const target = await receiver((_request, response) => {
      response.on('close', () => (receiverSawHangUp = !response.writableFinished));
      streamMegabytes(response, 512);
    });
    const maxResponseBytes = 1_000;
    const startedAt = Date.now();

    const result = await sender.send({ url: target.url, ...signedDelivery(), allowPrivate: true, maxResponseBytes, timeoutMs: 10_000 });

    expect(result).toMatchObject({ outcome: 'delivered', statusCode: 200 });
    expect(Buffer.byteLength(result.responseSnippet ?? '')).toBeLessThanOrEqual(maxResponseBytes);
    expect(result.responseSnippet).toMatch(/^x+$/);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await waitFor(async () => receiverSawHangUp, { timeoutMs: 5_000, what: 'the receiver to see the connection dropped' });
  });

  it('cuts the snippet before a character that the cap would split', async () => {
    const target = await receiver((_request, response) => response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('é'.repeat(10)));

    const result = await sender.send({ url: target.url, ...signedDelivery(), allowPrivate: true, maxResponseBytes: 7 });

    expect(result.responseSnippet).toBe('ééé');
  });

  it('reports a closed port as connection refused', async () => {
    const closed = await LoopbackReceiver.start(() => undefined);
    const url = closed.url;
    await closed.close();

    const result = await sender.send({ url, ...signedDelivery(), allowPrivate: true });

    expect(result).toEqual({ outcome: 'failed', error: 'connection refused', latencyMs: expect.any(Number) });
  });
});

describe('WebhookSender in production (private targets not allowed)', () => {
  it('refuses the loopback receiver before opening any connection to it', async () => {
    const target = await receiver((_request, response) => response.writeHead(200).end());
    const toLoopback = jest.fn(async () => [{ address: '127.0.0.1', family: 4 as const }]);
    const attempts = [
      { url: `https://127.0.0.1:${target.port}/`, error: 'refused target: private-address' },
      { url: `https://[::ffff:127.0.0.1]:${target.port}/`, error: 'refused target: private-address' },
      { url: `https://receiver.example.test:${target.port}/`, error: 'refused target: private-address' },
      { url: `http://127.0.0.1:${target.port}/`, error: 'refused target: scheme' },
    ];

    for (const { url, error } of attempts) {
      const result = await sender.send({ url, ...signedDelivery(), allowPrivate: false, lookup: toLoopback });
      expect({ url, ...result }).toEqual({ url, outcome: 'failed', error, latencyMs: expect.any(Number) });
    }

    expect(target.received).toHaveLength(0);
    expect(target.connections).toBe(0);
  });
});

/** Writes up to `megabytes` of "x", as fast as the client reads, until the client hangs up. */
function streamMegabytes(response: ServerResponse, megabytes: number): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let remaining = (megabytes * 1024 * 1024) / chunk.length;
  response.writeHead(200, { 'content-type': 'text/plain' });
  const pump = () => {
    while (!response.destroyed && remaining > 0) {
      remaining--;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    if (!response.destroyed) response.end();
  };
  pump();
}
