import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Decompressed body. */
  body: string;
}

/**
 * A plain HTTP server on a free loopback port that records every request and answers 200 `{}`: a stand-in
 * for the Sentry ingest API or an OTLP collector, so a test sees exactly what the service sends.
 */
export class FakeReceiver {
  readonly received: ReceivedRequest[] = [];
  private readonly server = createServer((request, response) => this.record(request, response));

  static async start(): Promise<FakeReceiver> {
    const receiver = new FakeReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: decode(Buffer.concat(chunks), request.headers['content-encoding']),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  }
}

function decode(body: Buffer, encoding: string | undefined): string {
  if (encoding === 'gzip') return gunzipSync(body).toString();
  if (encoding === 'deflate') return inflateSync(body).toString();
  return body.toString();
}
