import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { declaredMediaType, declaredResponse, type OpenApiDocument, type Operation, type Schema } from './openapi-document';

/** What the checks need of an answer (light-my-request's `Response` has all of it). */
export interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  rawPayload: Buffer;
}

const DOCUMENT_ID = 'openapi.json';
const PROBLEM_JSON = 'application/problem+json';

/**
 * OpenAPI 3.0 schema dialect to the JSON Schema Ajv validates: `nullable: true` becomes a `null` alternative,
 * boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric form, and `#/components/...` references point
 * into the document registered under {@link DOCUMENT_ID}.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const source = node as Schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out.$ref = `${DOCUMENT_ID}${value}`;
    else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else out[key] = toJsonSchema(value);
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const exclusive = `exclusive${bound}`;
    if (typeof out[exclusive] === 'boolean') {
      if (out[exclusive]) out[exclusive] = out[bound.toLowerCase()];
      else delete out[exclusive];
      if (out[exclusive] !== undefined) delete out[bound.toLowerCase()];
    }
  }
  if (source.nullable !== true) return out;
  if (typeof out.type === 'string' && out.$ref === undefined && !out.allOf && !out.oneOf && !out.anyOf) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function createAjv(document: OpenApiDocument): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI's own formats (OpenAPI 3.0 §4.4): numeric widths are checked, the rest are annotations.
  ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isInteger(value) });
  for (const annotation of ['float', 'double']) ajv.addFormat(annotation, { type: 'number', validate: () => true });
  for (const annotation of ['password', 'binary']) ajv.addFormat(annotation, () => true);
  ajv.addSchema({ $id: DOCUMENT_ID, components: toJsonSchema(document.components ?? {}) });
  return ajv;
}

/**
 * The assertions the fuzz makes about every answer to an operation of the document: no 5xx; an `X-Request-ID`;
 * a status the operation declares; problem+json errors whose `status` and `requestId` match the answer; no body on
 * 204 and 304; a 405 whose `Allow` leaves out the method; and bodies and declared headers that validate against the
 * schemas the document gives for that status and content type.
 */
export class ResponseChecks {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.ajv = createAjv(document);
  }

  /** Every way `answer` breaks the contract of `operation`; empty when it keeps it. */
  violations(operation: Operation, answer: Answer): string[] {
    const problems: string[] = [];
    const status = answer.statusCode;
    const requestId = header(answer, 'x-request-id');
    const contentType = header(answer, 'content-type');
    const payload = decodedPayload(answer, problems);

    if (status >= 500) problems.push(`server error ${status}`);
    if (!requestId) problems.push('no X-Request-ID header');

    let body: unknown;
    let parsed = false;
    if (payload.length > 0 && contentType && isJson(contentType)) {
      try {
        body = JSON.parse(payload.toString('utf8'));
        parsed = true;
      } catch {
        problems.push(`Content-Type ${contentType} but the body is not JSON`);
      }
    }

    if (status >= 400) {
      if (!contentType?.toLowerCase().startsWith(PROBLEM_JSON)) problems.push(`error with Content-Type ${contentType ?? '(none)'}, not ${PROBLEM_JSON}`);
      if (parsed) {
        const problem = body as { status?: unknown; requestId?: unknown } | null;
        if (problem?.status !== status) problems.push(`problem status ${JSON.stringify(problem?.status)} is not the HTTP status ${status}`);
        if (!requestId || problem?.requestId !== requestId) {
          problems.push(`problem requestId ${JSON.stringify(problem?.requestId)} is not the X-Request-ID header ${JSON.stringify(requestId)}`);
        }
      } else if (payload.length === 0) problems.push('error without a body');
    }
    if ((status === 204 || status === 304) && payload.length > 0) problems.push(`${status} with a body of ${payload.length} bytes`);
    if (status === 405) {
      // RFC 9110 §15.5.6: the target does not support the method, and Allow lists the methods it does support.
      const allow = header(answer, 'allow');
      if (allow === undefined) problems.push('405 without an Allow header');
      else if (allow.split(',').some((method) => method.trim().toUpperCase() === operation.method))
        problems.push(`405 for ${operation.method}, which its own Allow header lists: ${allow}`);
    }

    const declared = declaredResponse(operation, status);
    if (!declared) {
      problems.push(`status ${status} is not declared (declared: ${Object.keys(operation.responses).join(', ')})`);
      return problems;
    }
    const where = `${operation.key} → ${declared.key}`;
    this.checkHeaders(where, declared.response.headers ?? {}, answer, problems);

    const declaresBody = Object.keys(declared.response.content ?? {}).length > 0;
    if (payload.length === 0) {
      if (declaresBody && status !== 204 && status !== 304 && status < 400) problems.push(`${where} declares a body, the answer has none`);
      return problems;
    }
    if (!contentType) {
      problems.push('a body without Content-Type');
      return problems;
    }
    const media = declaredMediaType(declared.response, contentType);
    if (!media) {
      problems.push(
        `${where} does not declare Content-Type ${contentType} (declared: ${Object.keys(declared.response.content ?? {}).join(', ') || 'no body'})`,
      );
      return problems;
    }
    if (parsed && media.media.schema) {
      const validate = this.validator(`${where} ${media.key}`, media.media.schema);
      if (!validate(body)) problems.push(`body does not match ${where} ${media.key}: ${errorList(validate, 'body')}`);
    }
    return problems;
  }

  private checkHeaders(where: string, declared: Record<string, { required?: boolean; schema?: Schema }>, answer: Answer, problems: string[]): void {
    for (const [name, definition] of Object.entries(declared)) {
      const value = header(answer, name.toLowerCase());
      if (value === undefined) {
        if (definition.required) problems.push(`${where} requires header ${name}, the answer has none`);
        continue;
      }
      if (!definition.schema) continue;
      const validate = this.validator(`${where} header ${name}`, definition.schema);
      if (!validate(headerValue(value, definition.schema))) {
        problems.push(`header ${name}: ${JSON.stringify(value)} does not match ${where}: ${errorList(validate, name)}`);
      }
    }
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** Ajv's errors, one per schema location (array indexes folded, so a list of bad items reads as one), at most six. */
function errorList(validate: ValidateFunction, root: string): string {
  const distinct = [...new Set((validate.errors ?? []).map((error) => `${root}${error.instancePath.replace(/\/\d+(?=\/|$)/g, '/*')} ${error.message}`))];
  return distinct.slice(0, 6).join('; ') + (distinct.length > 6 ? `; and ${distinct.length - 6} more` : '');
}

/** A header's value as text (repeated headers joined as one list, RFC 9110 §5.3). */
export function header(answer: Pick<Answer, 'headers'>, name: string): string | undefined {
  const value = answer.headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** A header's text as the type its schema declares (headers are `simple` style: RFC 6570 strings). */
function headerValue(value: string, schema: Schema): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function isJson(contentType: string): boolean {
  const essence = contentType.split(';')[0].trim().toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json');
}

/** The answer's body as text, decompressed (for reports). */
export function bodyText(answer: Answer): string {
  return decodedPayload(answer, []).toString('utf8');
}

/** The payload with its `Content-Encoding` undone (the fuzz sometimes asks for compression). */
function decodedPayload(answer: Answer, problems: string[]): Buffer {
  const encoding = header(answer, 'content-encoding')?.trim().toLowerCase();
  try {
    if (encoding === 'gzip') return gunzipSync(answer.rawPayload);
    if (encoding === 'deflate') return inflateSync(answer.rawPayload);
    if (encoding === 'br') return brotliDecompressSync(answer.rawPayload);
  } catch (error) {
    problems.push(`Content-Encoding ${encoding} but the body does not decode: ${(error as Error).message}`);
  }
  return answer.rawPayload;
}
