import type { Server } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCode } from '../problem/error-code';
import { ProblemException } from '../problem/problem.exception';

/**
 * The deepest JSON body accepted: no request body DTO nests (each is one object of scalar fields), and the
 * recursive walks after parsing (class-transformer, class-validator, JSON.stringify) overflow the stack only
 * thousands of levels down.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/**
 * Whether the JSON text nests arrays and objects deeper than `limit`, read in one pass over the bytes before
 * anything is built (brackets inside strings do not count). Malformed text is for the parser to refuse.
 */
export function jsonNestingExceeds(text: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const byte = text[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(byte)) {
      depth--;
    }
  }
  return false;
}

/**
 * The body parsers, as Nest registers them on Fastify (JSON through Fastify's own secure-json-parse, refusing
 * `__proto__` and `constructor.prototype` keys; forms through a query-string parse), with a depth limit on JSON
 * checked before parsing. A deeper body is a 400 before any guard, interceptor or pipe walks it.
 */
export function installBodyParsers(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  app.useBodyParser<Server>('application/json', {}, (request, body, done) => {
    if (jsonNestingExceeds(body, MAX_JSON_DEPTH)) {
      done(
        new ProblemException(400, ErrorCode.BodyTooDeep, { detail: `The JSON body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` }),
        undefined,
      );
      return;
    }
    // Fastify's parser answers through `done`; what it returns carries nothing more.
    void parseJson(request, body.toString(), done);
  });
  // Registering one parser stops Nest from registering its two defaults, so the form parser is registered here too.
  app.useBodyParser('application/x-www-form-urlencoded', {}, (_request, body, done) => done(null, parseForm(body.toString())));
}
