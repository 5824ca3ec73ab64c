/**
 * The parts of an OpenAPI 3.0 document the fuzz reads, and the operations it drives: every path and method with its
 * parameters (path-level and operation-level, `$ref`s resolved), its request body and its responses.
 */

export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minItems?: number;
  maxItems?: number;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface MediaType {
  schema?: Schema;
}

export interface HeaderObject {
  required?: boolean;
  schema?: Schema;
}

export interface ResponseObject {
  description?: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaType>;
}

interface RequestBodyObject {
  required?: boolean;
  content?: Record<string, MediaType>;
}

interface OperationObject {
  operationId?: string;
  parameters?: Array<Parameter | Ref>;
  requestBody?: RequestBodyObject | Ref;
  responses?: Record<string, ResponseObject | Ref>;
  security?: Array<Record<string, string[]>>;
}

interface Ref {
  $ref: string;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema>; [section: string]: Record<string, unknown> | undefined };
  security?: Array<Record<string, string[]>>;
}

/** One operation of the document, with every `$ref` of its parameters, body and responses resolved. */
export interface Operation {
  /** `GET /api/v1/products/{idOrSlug}`: how failures name it. */
  key: string;
  method: string;
  path: string;
  parameters: Parameter[];
  /** Request body media types and their schemas (schemas may still hold `$ref`s into components). */
  requestBody?: { required: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
  /** Whether the document says a bearer token is needed (an empty `security` list means public). */
  secured: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Follows a local `$ref` (`#/components/...`), repeatedly, to the object it names. */
export function resolveRef<T>(document: OpenApiDocument, value: T | Ref): T {
  let current: unknown = value;
  for (let hops = 0; isRef(current); hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${current.$ref}`);
    if (!current.$ref.startsWith('#/')) throw new Error(`Only local $refs are supported: ${current.$ref}`);
    const target = current.$ref
      .slice(2)
      .split('/')
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment], document);
    if (target === undefined) throw new Error(`Unresolvable $ref ${current.$ref}`);
    current = target;
  }
  return current as T;
}

function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && typeof (value as Ref).$ref === 'string';
}

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const shared = ((item.parameters as Array<Parameter | Ref> | undefined) ?? []).map((parameter) => resolveRef<Parameter>(document, parameter));
    for (const method of METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      const own = (operation.parameters ?? []).map((parameter) => resolveRef<Parameter>(document, parameter));
      // An operation's parameter overrides a path-level one of the same name and location.
      const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      const body = operation.requestBody && resolveRef<RequestBodyObject>(document, operation.requestBody);
      const responses = Object.fromEntries(
        Object.entries(operation.responses ?? {}).map(([status, response]) => [status, resolveRef<ResponseObject>(document, response)]),
      );
      const security = operation.security ?? document.security ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        requestBody: body?.content ? { required: body.required ?? false, content: body.content } : undefined,
        responses,
        secured: security.length > 0 && !security.some((requirement) => Object.keys(requirement).length === 0),
      });
    }
  }
  return operations;
}

/**
 * The response the document declares for `status` (OpenAPI 3.0 §4.7.16): the exact code, else its range (`4XX`),
 * else `default`; undefined when none applies.
 */
export function declaredResponse(operation: Operation, status: number): { key: string; response: ResponseObject } | undefined {
  for (const key of [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default']) {
    const response = operation.responses[key];
    if (response) return { key, response };
  }
  return undefined;
}

/**
 * The declared media type for a response's `Content-Type` (parameters such as `charset` ignored): an exact match,
 * else `type/*`, else `*\/*`.
 */
export function declaredMediaType(response: ResponseObject, contentType: string): { key: string; media: MediaType } | undefined {
  const essence = contentType.split(';')[0].trim().toLowerCase();
  const content = response.content ?? {};
  const keys = Object.keys(content);
  const byEssence = (wanted: string) => keys.find((key) => key.split(';')[0].trim().toLowerCase() === wanted);
  const key = byEssence(essence) ?? byEssence(`${essence.split('/')[0]}/*`) ?? byEssence('*/*');
  return key === undefined ? undefined : { key, media: content[key] };
}
