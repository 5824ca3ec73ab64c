import { Agent, request } from 'node:http';
import type { Fixtures } from './cluster';
import { now, sleep } from './clock';

export type RequestClass = 'anonymous read' | 'signed-in read' | 'create' | 'patch' | 'idempotent POST';

/** One HTTP request as the client saw it. */
export interface Attempt {
  cls: RequestClass;
  method: string;
  path: string;
  requestId: string;
  start: number;
  end: number;
  /** Absent when no answer came (connection refused or reset, timeout). */
  status?: number;
  retryAfter: boolean;
  /** The problem+json `code` of an error answer. */
  code?: string;
  /** Why no (complete) answer came: the socket error's code, or CLIENT_TIMEOUT. */
  error?: string;
  /** The instance haproxy sent it to (`X-Chaos-Server`). */
  server?: string;
  /** `Idempotent-Replayed: true`. */
  replayed: boolean;
}

/**
 * One write the client wanted made, with a value no other write uses, so the database can say afterwards whether
 * it happened: a product created with a new SKU, a PATCH setting a product's description to a new text, or a stock
 * adjustment with a new reason sent with an Idempotency-Key (and retried under it).
 */
export interface WriteIntent {
  kind: 'create' | 'patch' | 'adjust';
  /** The SKU (create), description (patch) or reason (adjust) only this write uses. */
  marker: string;
  productId?: string;
  name?: string;
  price?: number;
  key?: string;
  attempts: Attempt[];
  /** An acknowledged keyed POST sent again later, as by a client that lost the first answer: it must be replayed. */
  resent: boolean;
}

/** Shares of the mix: catalog reads, /users/me, admin creates and PATCHes, keyed stock adjustments. */
const MIX: Array<[RequestClass, number]> = [
  ['anonymous read', 0.5],
  ['signed-in read', 0.2],
  ['create', 0.1],
  ['patch', 0.1],
  ['idempotent POST', 0.1],
];
const REQUEST_TIMEOUT_MS = 30_000;
/** Past this many requests without an answer the generator stops adding more (counted as shed). */
const MAX_IN_FLIGHT = 600;
const KEYED_ATTEMPTS = 4;
/** Share of acknowledged keyed POSTs sent once more, 3 s later. */
const RESEND_SHARE = 0.2;
const RESEND_AFTER_MS = 3_000;

export interface LoadSettings {
  base: string;
  /** Requests per second, open loop: sent on schedule whatever the answers take. */
  rate: number;
  fixtures: Fixtures;
  /** Part of every marker: which scenario wrote it. */
  label: string;
  runId: string;
}

/**
 * An open-loop generator: requests leave at a steady rate whether or not earlier ones were answered, as real
 * clients do, so a stall shows as latency and errors instead of slowing the load down. Records every request.
 */
export class Load {
  readonly attempts: Attempt[] = [];
  readonly writes: WriteIntent[] = [];
  shed = 0;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512, timeout: 10_000 });
  private readonly url: URL;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly patching = new Set<string>();
  private timer?: NodeJS.Timeout;
  private startedAt = 0;
  private dispatched = 0;
  private inFlight = 0;
  private sequence = 0;
  private stopped = false;

  constructor(private readonly settings: LoadSettings) {
    this.url = new URL(settings.base);
  }

  start(): void {
    this.startedAt = now();
    this.timer = setInterval(() => this.tick(), 5);
  }

  /** Stops sending new requests, then waits for every answer, retry and resend still due. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    while (this.pending.size) await Promise.allSettled([...this.pending]);
    this.agent.destroy();
  }

  private tick(): void {
    if (this.stopped) return;
    const due = Math.floor(((now() - this.startedAt) * this.settings.rate) / 1000) - this.dispatched;
    for (let index = 0; index < due; index += 1) {
      this.dispatched += 1;
      if (this.inFlight >= MAX_IN_FLIGHT) this.shed += 1;
      else this.track(this.next());
    }
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private pick(): RequestClass {
    let roll = Math.random();
    for (const [cls, share] of MIX) if ((roll -= share) < 0) return cls;
    return MIX[0][0];
  }

  private next(): Promise<unknown> {
    const { fixtures } = this.settings;
    const cls = this.pick();
    const seq = (this.sequence += 1);
    const anyOf = <T>(list: T[]) => list[seq % list.length];
    switch (cls) {
      case 'anonymous read':
        return this.send(cls, 'GET', anyOf(this.readPaths()));
      case 'signed-in read':
        return this.send(cls, 'GET', '/api/v1/users/me', undefined, anyOf(fixtures.customerTokens));
      case 'patch': {
        // The next product after this sequence number with no PATCH of ours in flight (one at a time per product).
        const products = fixtures.patchProducts;
        const productId = products.map((_id, index) => products[(seq + index) % products.length]).find((id) => !this.patching.has(id));
        return productId ? this.patch(productId, seq) : this.create(seq);
      }
      case 'idempotent POST':
        return this.adjust(anyOf(fixtures.stockProducts), seq);
      default:
        return this.create(seq);
    }
  }

  private readPaths(): string[] {
    const product = this.settings.fixtures.patchProducts[this.sequence % this.settings.fixtures.patchProducts.length];
    return ['/api/v1/products?limit=20', '/api/v1/products?limit=20&sort=price', `/api/v1/products/${product}`, '/api/v1/products?q=chaos&limit=10'];
  }

  private marker(kind: string, seq: number): string {
    return `${this.settings.runId}-${this.settings.label}-${kind}-${seq}`;
  }

  private async create(seq: number): Promise<void> {
    const intent: WriteIntent = {
      kind: 'create',
      marker: `CHX-${this.marker('c', seq)}`,
      name: `Chaos ${this.settings.label} ${seq}`,
      price: 100 + (seq % 5000),
      attempts: [],
      resent: false,
    };
    this.writes.push(intent);
    const body = { sku: intent.marker, name: intent.name, price: intent.price };
    const { attempt, answer } = await this.send('create', 'POST', '/api/v1/products', body, this.settings.fixtures.adminToken, intent);
    if (attempt.status !== undefined && attempt.status < 300) intent.productId = (answer as { id?: string } | undefined)?.id;
  }

  private async patch(productId: string, seq: number): Promise<void> {
    this.patching.add(productId);
    try {
      const intent: WriteIntent = { kind: 'patch', marker: `chaos ${this.marker('p', seq)}`, productId, attempts: [], resent: false };
      this.writes.push(intent);
      await this.send('patch', 'PATCH', `/api/v1/products/${productId}`, { description: intent.marker }, this.settings.fixtures.adminToken, intent);
    } finally {
      this.patching.delete(productId);
    }
  }

  /**
   * A keyed POST, retried under the same key after a 5xx, a 409 (key in flight) or no answer, as the draft
   * advises; a share of the acknowledged ones is delivered again later (the same retries included), as by a client
   * that never saw the first answer: that delivery must be a replay, whatever happened to the server meanwhile.
   */
  private async adjust(productId: string, seq: number): Promise<void> {
    const intent: WriteIntent = {
      kind: 'adjust',
      marker: `chaos ${this.marker('a', seq)}`,
      productId,
      key: `chx-${this.marker('k', seq)}`,
      attempts: [],
      resent: false,
    };
    this.writes.push(intent);
    const deliver = async (): Promise<boolean> => {
      for (let attempt = 1; attempt <= KEYED_ATTEMPTS; attempt += 1) {
        const { attempt: answer, retryAfterMs } = await this.send(
          'idempotent POST',
          'POST',
          `/api/v1/products/${productId}/stock-adjustments`,
          { delta: 1, reason: intent.marker },
          this.settings.fixtures.adminToken,
          intent,
        );
        if (answer.error === undefined && answer.status !== undefined) {
          if (answer.status < 300) return true;
          if (answer.status < 500 && answer.status !== 409) return false;
        }
        if (attempt < KEYED_ATTEMPTS) await sleep(retryAfterMs ?? 1_000);
      }
      return false;
    };
    if ((await deliver()) && Math.random() < RESEND_SHARE) {
      await sleep(RESEND_AFTER_MS);
      intent.resent = true;
      await deliver();
    }
  }

  private send(
    cls: RequestClass,
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    intent?: WriteIntent,
  ): Promise<{ attempt: Attempt; answer?: unknown; retryAfterMs?: number }> {
    const attempt: Attempt = {
      cls,
      method,
      path,
      requestId: `chx-${this.settings.runId}-${this.settings.label}-${this.attempts.length + 1}`,
      start: now(),
      end: 0,
      retryAfter: false,
      replayed: false,
    };
    this.attempts.push(attempt);
    intent?.attempts.push(attempt);
    this.inFlight += 1;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json', 'x-request-id': attempt.requestId };
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
    if (token) headers.authorization = `Bearer ${token}`;
    if (intent?.key) headers['idempotency-key'] = intent.key;
    let parsed: unknown;
    let retryAfterMs: number | undefined;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (error?: string) => {
        if (settled) return;
        settled = true;
        attempt.end = now();
        if (error !== undefined) attempt.error = error;
        this.inFlight -= 1;
        resolve({ attempt, answer: parsed, retryAfterMs });
      };
      const outgoing = request({ hostname: this.url.hostname, port: this.url.port, path, method, agent: this.agent, headers }, (answer) => {
        attempt.status = answer.statusCode;
        const retryAfter = answer.headers['retry-after'];
        attempt.retryAfter = retryAfter !== undefined;
        if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) retryAfterMs = Number(retryAfter) * 1000;
        attempt.server = headerValue(answer.headers['x-chaos-server']);
        attempt.replayed = answer.headers['idempotent-replayed'] === 'true';
        const keep = (attempt.status ?? 0) >= 400 || cls === 'create';
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => keep && chunks.push(chunk));
        answer.once('error', (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
        answer.once('end', () => {
          if (keep) parsed = parseJson(Buffer.concat(chunks).toString('utf8'));
          if ((attempt.status ?? 0) >= 400) attempt.code = (parsed as { code?: string } | undefined)?.code;
          settle();
        });
      });
      outgoing.setTimeout(REQUEST_TIMEOUT_MS, () => outgoing.destroy(Object.assign(new Error('timeout'), { code: 'CLIENT_TIMEOUT' })));
      outgoing.once('error', (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
      outgoing.end(payload);
    });
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
