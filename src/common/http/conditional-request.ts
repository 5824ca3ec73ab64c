import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { ErrorCode } from '../problem/error-code';
import { ProblemException } from '../problem/problem.exception';

/**
 * Conditional requests (RFC 9110 §13) for versioned rows: a strong ETag per row version, `If-None-Match` for
 * reads (304) and `If-Match` for writes (412, optimistic concurrency). Pure helpers the controllers call.
 */

/** A parsed `If-Match` / `If-None-Match`: `*`, or the listed entity-tags as sent (quotes and `W/` included). */
export type EntityTagCondition = { any: true } | { etags: string[] };

/** A header as Fastify hands it over; repeated fields are one list (RFC 9110 §5.3). */
type HeaderValue = string | string[] | undefined;

const ID_HASH_CHARS = 12;
// RFC 9110 §8.8.3: entity-tag = [ weak ] opaque-tag; opaque-tag = DQUOTE *etagc DQUOTE;
// etagc = %x21 / %x23-7E / obs-text. `weak` is case-sensitive `W/`.
const ENTITY_TAG_SOURCE = '(W/)?"([\\x21\\x23-\\x7e\\x80-\\xff]*)"';
const LEADING_ENTITY_TAG = new RegExp(`^${ENTITY_TAG_SOURCE}`);
const ENTITY_TAG = new RegExp(`^${ENTITY_TAG_SOURCE}$`);
const OWS = /^[ \t]*/;
const OUR_TAG = /^"(\d{1,15})-([A-Za-z0-9_-]+)"$/;

/**
 * The strong ETag of version `version` of the row `id`, e.g. `"7-Qm9vaz3kZk1x"`. The version makes it change on
 * every write; the short hash of the id ties it to that row, so a tag copied from another row (or from a deleted
 * and re-created one) never matches. Strong (RFC 9110 §8.8.1): the version changes whenever the data does.
 */
export function etagFor(id: string, version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`Not a row version: ${version}`);
  return `"${version}-${idHash(id)}"`;
}

/**
 * The version encoded in `etag` when it is {@link etagFor}`(id, version)` of this `id`, else `undefined` (weak, foreign,
 * malformed or another row's tag). For `UPDATE … WHERE id = :id AND version = :version` straight from `If-Match`.
 */
export function versionFromEtag(etag: string, id: string): number | undefined {
  const match = OUR_TAG.exec(etag.trim());
  if (!match) return undefined;
  const version = Number(match[1]);
  return match[2] === idHash(id) && Number.isSafeInteger(version) ? version : undefined;
}

/**
 * Parses `If-Match` or `If-None-Match` (RFC 9110 §13.1.1-2): `*` or a comma-separated list of entity-tags, empty
 * list elements allowed (§5.6.1). `undefined` when absent; a malformed value parses to `{ etags: [] }`, a list
 * that matches nothing.
 */
export function parseEntityTagCondition(header: HeaderValue): EntityTagCondition | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined) return undefined;
  if (value.trim() === '*') return { any: true };
  return { etags: parseList(value) ?? [] };
}

/** `If-Match` parsed; see {@link parseEntityTagCondition}. */
export const parseIfMatch = (header: HeaderValue): EntityTagCondition | undefined => parseEntityTagCondition(header);

/**
 * Whether a write may go ahead under `If-Match` (RFC 9110 §13.1.1): true when the header is absent, `*` while the
 * resource exists (`currentEtag` given), or a listed tag equals `currentEtag` by strong comparison. A malformed
 * header is never satisfied: ignoring it would turn a conditional write into an unconditional one (lost update).
 * Answer `false` with {@link preconditionFailed}.
 */
export function ifMatchSatisfied(header: HeaderValue, currentEtag: string | undefined): boolean {
  const condition = parseIfMatch(header);
  if (!condition) return true;
  if (currentEtag === undefined) return false;
  if ('any' in condition) return true;
  return condition.etags.some((etag) => strongMatch(etag, currentEtag));
}

/**
 * Whether `If-None-Match` names the current representation (RFC 9110 §13.1.2, weak comparison): `*`, or a listed tag
 * whose opaque part equals `etag`'s. For GET/HEAD a hit is a 304 ({@link notModified}); for a write it is a 412.
 * An absent or malformed header never hits (the client simply gets the full response).
 */
export function ifNoneMatchHits(header: HeaderValue, etag: string): boolean {
  const condition = parseEntityTagCondition(header);
  if (!condition) return false;
  if ('any' in condition) return true;
  return condition.etags.some((listed) => weakMatch(listed, etag));
}

/** RFC 9110 §8.8.3.2 strong comparison: neither tag weak, opaque tags identical. */
export function strongMatch(a: string, b: string): boolean {
  const left = ENTITY_TAG.exec(a);
  const right = ENTITY_TAG.exec(b);
  return !!left && !!right && !left[1] && !right[1] && left[2] === right[2];
}

/** RFC 9110 §8.8.3.2 weak comparison: opaque tags identical, `W/` ignored. */
export function weakMatch(a: string, b: string): boolean {
  const left = ENTITY_TAG.exec(a);
  const right = ENTITY_TAG.exec(b);
  return !!left && !!right && left[2] === right[2];
}

/** 412 problem+json for a failed `If-Match` (or `If-None-Match` on a write). */
export function preconditionFailed(detail = 'The resource has changed since you read it; fetch it again and retry with its current ETag'): ProblemException {
  return new ProblemException(412, ErrorCode.PreconditionFailed, { detail });
}

/**
 * Turns `reply` into a 304 with `etag` (RFC 9110 §15.4.5) and no body. With `@Res({ passthrough: true })` the
 * handler then returns nothing; other headers (`Cache-Control`, `Vary`) are added by the app as for a 200.
 */
export function notModified(reply: FastifyReply, etag: string): FastifyReply {
  return reply.header('etag', etag).status(304);
}

function idHash(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, ID_HASH_CHARS);
}

/** The entity-tags of a `#entity-tag` list, or undefined when the list is malformed. */
function parseList(value: string): string[] | undefined {
  const etags: string[] = [];
  let rest = value;
  for (;;) {
    rest = rest.replace(OWS, '');
    if (rest.startsWith(',')) {
      rest = rest.slice(1);
      continue;
    }
    if (!rest) return etags;
    const match = LEADING_ENTITY_TAG.exec(rest);
    if (!match) return undefined;
    etags.push(match[0]);
    rest = rest.slice(match[0].length).replace(OWS, '');
    if (rest && !rest.startsWith(',')) return undefined;
  }
}

/** The OpenAPI description of the optional `If-Match` header of versioned writes. */
export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description: 'ETag from a GET: the change applies only to that version (412 otherwise)',
  schema: { type: 'string', example: '"3-Qm9vaz3kZk1x"' },
};
