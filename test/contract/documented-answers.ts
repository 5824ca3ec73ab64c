import type { HeaderObject, OpenAPIObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Middleware } from 'openapi-fetch';

/** One answer the journey received, as openapi-fetch saw it (its path as templated in the document). */
export interface RecordedAnswer {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: string;
}

/** An openapi-fetch middleware that keeps every answer its client receives, for {@link undocumentedAnswers}. */
export function answerRecorder(): { middleware: Middleware; answers: RecordedAnswer[] } {
  const answers: RecordedAnswer[] = [];
  const middleware: Middleware = {
    async onResponse({ request, response, schemaPath }) {
      const body = await response.clone().text();
      answers.push({ method: request.method.toLowerCase(), path: schemaPath, status: response.status, headers: response.headers, body });
    },
  };
  return { middleware, answers };
}

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
const isReference = (value: object): value is ReferenceObject => '$ref' in value && typeof value.$ref === 'string';
const DOCUMENT_ID = 'openapi';

/**
 * What the document does not say about `answers`: a status the operation does not declare (nor a `4XX` / `default`
 * covering it), a header it declares required that is missing, a media type it does not list, a body its schema
 * refuses (checked with Ajv, which knows OpenAPI's `nullable`). One line per disagreement; empty when none.
 */
export function undocumentedAnswers(document: OpenAPIObject, answers: RecordedAnswer[]): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  /** The node at `pointer` (`#/a/b`), following `$ref`s, with the pointer it was finally found at. */
  const locate = <T extends object>(pointer: string): { node: T; pointer: string } => {
    const node = pointer
      .slice(2)
      .split('/')
      .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((parent, key) => (parent as Record<string, unknown> | undefined)?.[key], document);
    if (node === undefined || node === null || typeof node !== 'object') throw new Error(`nothing at ${pointer}`);
    return isReference(node) ? locate<T>(node.$ref) : { node: node as T, pointer };
  };

  const problems: string[] = [];
  for (const answer of answers) {
    const where = `${answer.method.toUpperCase()} ${answer.path} → ${answer.status}`;
    const operation = document.paths[answer.path]?.[answer.method as HttpMethod];
    if (!operation) {
      problems.push(`${where}: no such operation`);
      continue;
    }
    const key = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find((candidate) => candidate in operation.responses);
    if (key === undefined) {
      problems.push(`${where}: status not declared (declared: ${Object.keys(operation.responses).join(', ')})`);
      continue;
    }
    const response = locate<ResponseObject>(`#/paths/${escape(answer.path)}/${answer.method}/responses/${key}`);
    for (const [name, header] of Object.entries(response.node.headers ?? {})) {
      const { node } = isReference(header) ? locate<HeaderObject>(header.$ref) : { node: header };
      if (node.required && !answer.headers.has(name)) problems.push(`${where}: required header ${name} missing`);
    }
    const declaredTypes = Object.keys(response.node.content ?? {});
    if (answer.body === '') {
      if (declaredTypes.length > 0) problems.push(`${where}: empty body, declared ${declaredTypes.join(', ')}`);
      continue;
    }
    const mediaType = answer.headers.get('content-type')?.split(';')[0].trim() ?? '';
    if (!declaredTypes.includes(mediaType)) {
      problems.push(`${where}: body of type ${mediaType} not declared (declared: ${declaredTypes.join(', ') || 'none'})`);
      continue;
    }
    const validate = ajv.getSchema(`${DOCUMENT_ID}${response.pointer}/content/${escape(mediaType)}/schema`);
    if (!validate) throw new Error(`${where}: no schema for ${mediaType}`);
    if (!validate(JSON.parse(answer.body))) problems.push(`${where}: body refused by its schema: ${ajv.errorsText(validate.errors)}`);
  }
  return problems;
}

/** A JSON pointer segment (RFC 6901), as a URI fragment. */
function escape(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}
