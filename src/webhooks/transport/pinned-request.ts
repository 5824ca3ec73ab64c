import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { CheckedTarget, ResolvedAddress } from './target-url';

export interface PinnedPost {
  headers: Readonly<Record<string, string>>;
  body: string;
  maxResponseBytes: number;
  signal: AbortSignal;
}

export interface PinnedResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The start of the body, at most maxResponseBytes of it, cut before an incomplete UTF-8 character. */
  snippet: string;
}

/**
 * POSTs to the first checked address of `target` and to nothing else. The name is never looked up again: a second
 * answer could point somewhere the check never saw (DNS rebinding). The URL's host still names the Host header and
 * the TLS server name, so certificates are verified against it. Redirects are never followed: Node's client does
 * not follow them, and the status is handed back as it is.
 */
export function postToPinnedAddress(target: CheckedTarget, { headers, body, maxResponseBytes, signal }: PinnedPost): Promise<PinnedResponse> {
  const payload = Buffer.from(body, 'utf8');
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request(
      {
        method: 'POST',
        hostname: target.hostname,
        port: target.url.port || undefined,
        path: `${target.url.pathname}${target.url.search}`,
        headers: { ...headers, 'content-length': String(payload.length) },
        lookup: pinnedLookup(target.addresses[0]),
        // A fresh connection per delivery: no pooled socket can outlive the call or carry over to another target.
        agent: false,
        signal,
      },
      (response) => {
        answered = true;
        const answer = (snippet: string) => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, snippet });
        readSnippet(response, maxResponseBytes).then(answer, () => answer(''));
      },
    );
    // Once the status is in, the delivery has its answer; an error while reading the body only shortens the snippet.
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.end(payload);
  });
}

function pinnedLookup({ address, family }: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** Reads up to `maxBytes` then drops the connection, so a receiver streaming a huge body costs us nothing more. */
function readSnippet(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve) => {
    if (maxBytes <= 0) {
      response.destroy();
      resolve('');
      return;
    }
    const decoder = new StringDecoder('utf8');
    let snippet = '';
    let received = 0;
    const finish = () => {
      response.removeAllListeners('data');
      resolve(snippet);
    };
    const take = (chunk: Buffer) => {
      const kept = chunk.subarray(0, maxBytes - received);
      received += kept.length;
      snippet += decoder.write(kept);
      if (received >= maxBytes) {
        finish();
        response.destroy();
      }
    };
    response.on('data', take);
    response.once('end', finish);
    response.once('close', finish);
    response.once('error', finish);
  });
}
