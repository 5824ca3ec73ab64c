import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface WebhookCall {
  headers: IncomingHttpHeaders;
  body: string;
  /** performance-free wall clock, ms: when the request was complete. */
  at: number;
  /** Which of the receiver's secrets verified it (indexes into `secrets`); empty when none did. */
  verifiedBy: number[];
}

/** What to answer a call: a status (and headers), or `'hold'` to keep the request open until `release()`. */
export type WebhookAnswer = { status: number; headers?: Record<string, string> } | 'hold';

/**
 * A webhook endpoint on 127.0.0.1 that records every call, verifies it against each known secret with the
 * `standardwebhooks` reference library, and answers as the test says (200 by default). It also notes when two
 * calls with the same `webhook-id` overlapped.
 */
export class WebhookReceiver {
  readonly calls: WebhookCall[] = [];
  secrets: string[] = [];
  answer: (call: WebhookCall, index: number) => WebhookAnswer = () => ({ status: 200 });
  /** `webhook-id`s seen while another call with the same id was still open. */
  readonly overlapping: string[] = [];
  private readonly open = new Map<string, number>();
  private readonly held: ServerResponse[] = [];
  private readonly server = createServer((request, response) => this.record(request, response));

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Answers every held request with 200 (its sender may be gone). */
  release(): void {
    for (const response of this.held.splice(0)) if (!response.destroyed) response.writeHead(200).end();
  }

  eventIds(): string[] {
    return this.calls.map((call) => String(call.headers['webhook-id']));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    const id = String(request.headers['webhook-id']);
    this.open.set(id, (this.open.get(id) ?? 0) + 1);
    if (this.open.get(id)! > 1) this.overlapping.push(id);
    const done = () => this.open.set(id, this.open.get(id)! - 1);
    response.on('close', done);
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const call: WebhookCall = { headers: request.headers, body, at: Date.now(), verifiedBy: verifiedBy(this.secrets, body, request.headers) };
      const index = this.calls.push(call) - 1;
      const answer = this.answer(call, index);
      if (answer === 'hold') this.held.push(response);
      else response.writeHead(answer.status, answer.headers).end();
    });
  }
}

function verifiedBy(secrets: readonly string[], body: string, headers: IncomingHttpHeaders): number[] {
  const given = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
  return secrets.flatMap((secret, index) => {
    try {
      new Webhook(secret).verify(body, given);
      return [index];
    } catch {
      return [];
    }
  });
}
