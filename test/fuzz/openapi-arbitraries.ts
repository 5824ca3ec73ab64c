import fc from 'fast-check';
import { DEFAULT_PASSWORD } from '../harness/factories';
import type { CallerName, FuzzWorld, RowPool } from './fuzz-world';
import {
  HOSTILE_BODY_TEXTS,
  HOSTILE_CONTENT_TYPES,
  HOSTILE_HEADERS,
  BOUNDARY_NUMBERS,
  hostileFor,
  hostileJsonValue,
  hostileText,
  RAW_JSON_NUMBERS,
  RAW_QUERY_FRAGMENTS,
  rawPathText,
  rawUrlText,
  UNKNOWN_NAMES,
} from './hostile-values';
import { type OpenApiDocument, type Operation, type Parameter, resolveRef, type Schema } from './openapi-document';

/** Where a value taken from the live world comes from (see {@link FuzzWorld}). */
type RefSource = RowPool | 'any' | 'productSlug' | 'categorySlug' | 'email' | 'refreshToken' | 'cursor' | 'etag' | 'token:customer' | 'token:admin';
/** How it is spelled: ids and slugs in any case name the same row; `tampered` changes one character (or the version of an ETag). */
type Spelling = 'as-is' | 'upper' | 'mixed' | 'tampered';

/** A value from the live world, resolved when the request is sent: a real row's id or slug, a token, a cursor, an ETag. */
export class Ref {
  constructor(
    readonly source: RefSource,
    readonly index: number,
    readonly spelling: Spelling = 'as-is',
  ) {}

  [fc.toStringMethod](): string {
    return `<${this.source}#${this.index}${this.spelling === 'as-is' ? '' : ` ${this.spelling}`}>`;
  }
}

/** Text that goes into the request target as it is, unencoded. */
export class Raw {
  constructor(readonly text: string) {}

  [fc.toStringMethod](): string {
    return `raw(${JSON.stringify(this.text)})`;
  }
}

/** A number literal written into JSON text as it is (`1e400`, `-0`, 30 digits). */
export class RawJsonNumber {
  constructor(readonly literal: string) {}

  [fc.toStringMethod](): string {
    return this.literal;
  }
}

type Value = string | Ref | Raw;

type BodyPlan = { kind: 'none' } | { kind: 'json'; value: unknown; contentType?: string } | { kind: 'text'; contentType?: string; text: string };

/** One generated request, with world values still symbolic. */
export interface RequestPlan {
  operation: string;
  caller: CallerName;
  /** Replaces the caller's own Authorization header. */
  authorization?: Value;
  path: Record<string, Value>;
  query: Array<[string, Value]>;
  rawQuery: string[];
  headers: Record<string, Value>;
  body: BodyPlan;
  /** Whether hostile mutations were applied (failure reports say so). */
  hostile: boolean;
}

/** A request ready for `app.inject`. */
export interface ConcreteRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** Ids of real rows the path names, lower-cased (for learning ETags and refilling deleted rows). */
  pathIds: string[];
}

interface FieldContext {
  name: string;
  location: 'path' | 'query' | 'header' | 'body';
  /** The operation's path template, to tell which pool a path `{id}` draws from. */
  path: string;
}

const POOL_INDEX = fc.nat(63);
const WORDS = ['oak', 'table', 'lamp', 'chair', 'sofa', 'Test', 'Product', 'Category', 'rustic', 'modern', 'tabel', 'ch', 'o'];
const SLUG = /^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/;
const SKU = /^[A-Z0-9][A-Z0-9-]{2,15}$/;

/** Builds request arbitraries from the operations of one OpenAPI document. */
export class RequestArbitraries {
  constructor(private readonly document: OpenApiDocument) {}

  /** Requests for any operation: mostly schema-valid, about a third with one to three hostile mutations. */
  forOperations(operations: Operation[]): fc.Arbitrary<RequestPlan> {
    return fc.oneof(...operations.map((operation) => this.forOperation(operation)));
  }

  forOperation(operation: Operation): fc.Arbitrary<RequestPlan> {
    const mutations = this.mutations(operation);
    return fc
      .tuple(
        this.validRequest(operation),
        fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(mutations, { minLength: 1, maxLength: 3 }) }),
      )
      .map(([plan, changes]) => changes.reduce((current, change) => change(current), plan));
  }

  private validRequest(operation: Operation): fc.Arbitrary<RequestPlan> {
    const byLocation = (where: Parameter['in']) => operation.parameters.filter((parameter) => parameter.in === where);
    const path = fc.record(
      Object.fromEntries(
        byLocation('path').map((parameter) => [
          parameter.name,
          this.pathValue(parameter.schema ?? {}, { name: parameter.name, location: 'path', path: operation.path }),
        ]),
      ),
    );
    const query = fc
      .tuple(
        ...byLocation('query').map((parameter) =>
          this.present(
            parameter.required,
            this.queryValues(parameter.schema ?? {}, { name: parameter.name, location: 'query', path: operation.path }).map((values) =>
              values.map((value): [string, Value] => [parameter.name, value]),
            ),
            parameter.name,
          ),
        ),
      )
      .map((lists) => lists.flatMap((list) => list ?? []));
    const headers = fc
      .tuple(
        ...byLocation('header').map((parameter) =>
          this.present(
            parameter.required,
            this.headerValue(parameter.schema ?? {}, { name: parameter.name, location: 'header', path: operation.path }).map(
              (value) => [parameter.name, value] as const,
            ),
          ),
        ),
      )
      .map((entries) => Object.fromEntries(entries.filter((entry) => entry !== undefined)));
    const media = operation.requestBody?.content['application/json'];
    const body: fc.Arbitrary<BodyPlan> = media?.schema
      ? this.present(
          operation.requestBody!.required,
          this.validValue(media.schema, { name: '', location: 'body', path: operation.path }, 0).map((value): BodyPlan => ({ kind: 'json', value })),
        ).map((plan) => plan ?? { kind: 'none' })
      : fc.constant({ kind: 'none' });
    return fc.record({
      operation: fc.constant(operation.key),
      caller: fc.constantFrom<CallerName>('anonymous', 'customer', 'admin'),
      path,
      query,
      rawQuery: fc.constant([]),
      headers,
      body,
      hostile: fc.constant(false),
    });
  }

  /** An optional part is left out half the time (a cursor, which only a real one makes valid, most of the time). */
  private present<T>(required: boolean | undefined, arbitrary: fc.Arbitrary<T>, name = ''): fc.Arbitrary<T | undefined> {
    if (required) return arbitrary;
    return fc.oneof({ weight: name === 'cursor' ? 6 : 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
  }

  // ---- valid values --------------------------------------------------------------------------------------------

  private schema(schema: Schema): Schema {
    const resolved = resolveRef<Schema>(this.document, schema);
    if (!resolved.allOf) return resolved;
    // allOf: the members' properties and requirements together (enough for the DTOs Nest documents).
    const members = resolved.allOf.map((member) => this.schema(member));
    return {
      ...Object.assign({}, ...members),
      ...resolved,
      allOf: undefined,
      properties: Object.assign({}, ...members.map((member) => member.properties ?? {}), resolved.properties ?? {}),
      required: [...new Set([...members.flatMap((member) => member.required ?? []), ...(resolved.required ?? [])])],
    };
  }

  /** A value the schema allows, with real ids, slugs, emails, tokens and cursors where the field names them. */
  validValue(raw: Schema, context: FieldContext, depth: number): fc.Arbitrary<unknown> {
    const schema = this.schema(raw);
    const alternatives = schema.oneOf ?? schema.anyOf;
    let value: fc.Arbitrary<unknown>;
    if (alternatives) value = fc.oneof(...alternatives.map((alternative) => this.validValue(alternative, context, depth)));
    else if (schema.enum) value = fc.constantFrom(...schema.enum.filter((member) => member !== null));
    else if (schema.type === 'string') value = this.validString(schema, context);
    else if (schema.type === 'integer' || schema.type === 'number') value = this.validNumber(schema, context);
    else if (schema.type === 'boolean') value = fc.boolean();
    else if (schema.type === 'array') {
      const items = schema.items ? this.validValue(schema.items, { ...context, location: 'body' }, depth + 1) : fc.string();
      value = fc.uniqueArray(items, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
        selector: (item) => JSON.stringify(item),
      });
    } else if (schema.type === 'object' || schema.properties) value = this.validObject(schema, context, depth);
    else value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
    return schema.nullable ? fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }) : value;
  }

  private validObject(schema: Schema, context: FieldContext, depth: number): fc.Arbitrary<unknown> {
    if (depth > 4) return fc.constant({});
    const required = new Set(schema.required ?? []);
    const properties = Object.entries(schema.properties ?? {});
    if (properties.length === 0) {
      const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      return extra ? fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), this.validValue(extra, context, depth + 1), { maxKeys: 3 }) : fc.constant({});
    }
    return fc
      .tuple(
        ...properties.map(([name, property]) =>
          this.present(required.has(name), this.validValue(property, { ...context, name }, depth + 1)).map((value) => [name, value] as const),
        ),
      )
      .map((entries) => Object.fromEntries(entries.filter(([, value]) => value !== undefined)));
  }

  private validString(schema: Schema, { name, location, path }: FieldContext): fc.Arbitrary<unknown> {
    const lower = name.toLowerCase();
    const pool = poolFor(name, path);
    if (location === 'path' || schema.format === 'uuid' || /(^|[a-z])id$/i.test(name)) {
      if (pool || schema.format === 'uuid') return this.idValue(pool ?? 'any', location === 'path' && /slug/i.test(name) && schema.format !== 'uuid');
    }
    if (schema.format === 'date-time') return isoDate.map((date) => date.toISOString());
    if (schema.format === 'date') return isoDate.map((date) => date.toISOString().slice(0, 10));
    if (schema.format === 'email' || lower === 'email') {
      return fc.oneof(
        refTo('email'),
        fc.emailAddress().filter((email) => email.length <= (schema.maxLength ?? 254)),
      );
    }
    if (lower.includes('password'))
      return fc.oneof(fc.constant(DEFAULT_PASSWORD), fc.string({ minLength: Math.max(12, schema.minLength ?? 0), maxLength: 40 }));
    if (lower === 'refreshtoken') return fc.oneof(refTo('refreshToken'), fc.base64String({ minLength: 4, maxLength: 64 }));
    if (lower === 'cursor') {
      return fc.oneof(
        { weight: 6, arbitrary: refTo('cursor') },
        { weight: 1, arbitrary: refTo('cursor', 'tampered') },
        { weight: 1, arbitrary: fc.base64String({ minLength: 4, maxLength: 48 }) },
      );
    }
    if (lower === 'q') return fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
    if (lower === 'currency') return fc.constantFrom('EUR', 'USD', 'GBP', 'JPY', 'CHF');
    if (lower === 'resourcetype') return fc.constantFrom('product', 'category', 'user');
    if (lower === 'action') return fc.constantFrom('product.update', 'product.create', 'category.delete', 'user.disable', 'user.register');
    if (lower === 'slug' && !schema.pattern) return fc.stringMatching(SLUG);
    if (lower === 'sku' || schema.pattern) {
      let pattern: RegExp;
      try {
        pattern = lower === 'sku' ? SKU : new RegExp(schema.pattern!);
      } catch {
        pattern = /^[a-z]{1,8}$/;
      }
      return fc.stringMatching(pattern, { size: 'xsmall' }).filter((text) => fits(text, schema));
    }
    const min = schema.minLength ?? 0;
    const max = Math.max(min, Math.min(schema.maxLength ?? 40, 40));
    const text =
      lower === 'name' || lower === 'description' || lower === 'reason'
        ? fc.lorem({ maxCount: 4 }).map((words) => `${words} ${WORDS[words.length % WORDS.length]}`)
        : fc.string({ minLength: Math.max(1, min), maxLength: max });
    return text.map((value) => value.padEnd(min, 'x').slice(0, schema.maxLength ?? value.length));
  }

  private validNumber(schema: Schema, { name }: FieldContext): fc.Arbitrary<unknown> {
    const min = schema.minimum ?? (name === 'delta' ? -20 : 0);
    const max = schema.maximum ?? (name === 'page' ? 5 : min + 100_000);
    // Boundaries the schema allows (a `number` without a maximum allows PostgreSQL's integer maximum and beyond).
    const boundaries = [...new Set([min, max, ...BOUNDARY_NUMBERS])].filter(
      (value) => value >= (schema.minimum ?? -Infinity) && value <= (schema.maximum ?? Infinity),
    );
    const whole = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) },
      { weight: 1, arbitrary: fc.constantFrom(...boundaries) },
    );
    if (schema.type === 'integer') return whole;
    return fc.oneof({ weight: 19, arbitrary: whole }, { weight: 1, arbitrary: fc.double({ min, max, noNaN: true }) });
  }

  /** A real row's id (in any spelling), its slug where the parameter takes one, or an id that names nothing. */
  private idValue(pool: RowPool | 'any', slugs: boolean): fc.Arbitrary<Value> {
    const real = fc
      .record({ index: POOL_INDEX, spelling: fc.constantFrom<Spelling>('as-is', 'as-is', 'upper', 'mixed') })
      .map(({ index, spelling }) => new Ref(pool, index, spelling));
    const options: Array<fc.WeightedArbitrary<Value>> = [
      { weight: 8, arbitrary: real },
      { weight: 1, arbitrary: fc.uuid() },
    ];
    if (slugs && (pool === 'product' || pool === 'category')) {
      const source = pool === 'product' ? 'productSlug' : 'categorySlug';
      options.push({
        weight: 4,
        arbitrary: fc
          .record({ index: POOL_INDEX, spelling: fc.constantFrom<Spelling>('as-is', 'upper') })
          .map(({ index, spelling }) => new Ref(source, index, spelling)),
      });
    }
    return fc.oneof(...options);
  }

  private pathValue(schema: Schema, context: FieldContext): fc.Arbitrary<Value> {
    const pool = poolFor(context.name, context.path);
    if (pool) return this.idValue(pool, /slug/i.test(context.name) && schema.format !== 'uuid');
    return this.validValue(schema, context, 0).map((value) => (value instanceof Ref ? value : String(value)));
  }

  /** A query parameter's values (form style, exploded: one pair per array item). */
  private queryValues(schema: Schema, context: FieldContext): fc.Arbitrary<Value[]> {
    return this.validValue(schema, context, 0).map((value) =>
      (Array.isArray(value) ? value : [value]).map((item) => (item instanceof Ref ? item : String(item))),
    );
  }

  private headerValue(schema: Schema, context: FieldContext): fc.Arbitrary<Value> {
    const name = context.name.toLowerCase();
    if (name === 'if-match' || name === 'if-none-match') {
      return fc.oneof({ weight: 4, arbitrary: refTo('etag') }, { weight: 1, arbitrary: refTo('etag', 'tampered') }, { weight: 1, arbitrary: fc.constant('*') });
    }
    if (name === 'idempotency-key') return fc.oneof(fc.uuid(), fc.constantFrom('fuzz-key-1', 'fuzz-key-2'));
    return this.validValue(schema, context, 0).map((value) => (value instanceof Ref ? value : String(value).replace(/[^\x20-\x7e]/g, '')));
  }

  // ---- hostile mutations ----------------------------------------------------------------------------------------

  private mutations(operation: Operation): fc.Arbitrary<(plan: RequestPlan) => RequestPlan> {
    const pathNames = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
    const queryNames = operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
    const bodySchema = operation.requestBody?.content['application/json']?.schema;
    const resolved = bodySchema && this.schema(bodySchema);
    const bodyFields = Object.keys(resolved?.properties ?? {});
    const requiredFields = resolved?.required ?? [];
    const hostile = (change: (plan: RequestPlan) => RequestPlan) => (plan: RequestPlan) => ({ ...change(plan), hostile: true });
    const options: Array<fc.WeightedArbitrary<(plan: RequestPlan) => RequestPlan>> = [];

    if (pathNames.length) {
      const value: fc.Arbitrary<Value> = fc.oneof(
        hostileText,
        rawPathText.map((text) => new Raw(text)),
      );
      options.push({
        weight: 4,
        arbitrary: fc
          .record({ name: fc.constantFrom(...pathNames), value })
          .map(({ name, value }) => hostile((plan) => ({ ...plan, path: { ...plan.path, [name]: value } }))),
      });
    }
    // A declared parameter gets values that break its own type; an undeclared one, anything.
    const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
    const asQueryValue = (value: unknown): Value =>
      value instanceof Ref || value instanceof Raw ? value : typeof value === 'string' ? value : JSON.stringify(value);
    const rawOrText = (typed: fc.Arbitrary<unknown>): fc.Arbitrary<Value> =>
      fc.oneof({ weight: 4, arbitrary: typed.map(asQueryValue) }, { weight: 1, arbitrary: rawUrlText.map((text) => new Raw(text)) });
    const queryTarget = fc.oneof(
      ...queryParameters.map((parameter) =>
        fc.record({ name: fc.constant(parameter.name), value: rawOrText(hostileFor(this.schema(parameter.schema ?? {}), 'query')) }),
      ),
      fc.record({
        name: fc.oneof(fc.constantFrom(...UNKNOWN_NAMES), fc.string({ maxLength: 6 })),
        value: rawOrText(fc.oneof(hostileText, fc.string({ maxLength: 6 }))),
      }),
    );
    options.push(
      {
        weight: 4,
        arbitrary: fc
          .record({
            first: queryTarget,
            more: fc.array(
              fc.oneof(
                queryTarget.map((target) => target.value),
                rawUrlText.map((text) => new Raw(text)),
              ),
              { maxLength: 2 },
            ),
            replace: fc.boolean(),
          })
          .map(({ first, more, replace }) =>
            hostile((plan) => ({
              ...plan,
              query: [
                ...(replace ? plan.query.filter(([existing]) => existing !== first.name) : plan.query),
                ...[first.value, ...more].map((value): [string, Value] => [first.name, value]),
              ],
            })),
          ),
      },
      {
        weight: 1,
        arbitrary: fc
          .array(fc.constantFrom(...RAW_QUERY_FRAGMENTS), { minLength: 1, maxLength: 2 })
          .map((fragments) => hostile((plan) => ({ ...plan, rawQuery: [...plan.rawQuery, ...fragments] }))),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...queryNames, 'none')
          .map((name) => hostile((plan) => ({ ...plan, query: plan.query.filter(([existing]) => existing !== name) }))),
      },
    );

    const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 8, arbitrary: hostileJsonValue },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_JSON_NUMBERS).map((literal) => new RawJsonNumber(literal)) },
      {
        weight: 1,
        arbitrary: fc
          .record({ index: POOL_INDEX, spelling: fc.constantFrom<Spelling>('upper', 'mixed') })
          .map(({ index, spelling }) => new Ref('any', index, spelling)),
      },
    );
    const withField = (plan: RequestPlan, name: string, value: unknown): RequestPlan => {
      const base = plan.body.kind === 'json' && isPlainObject(plan.body.value) ? plan.body.value : {};
      return {
        ...plan,
        body: { kind: 'json', value: setOwn({ ...base }, name, value), contentType: plan.body.kind === 'json' ? plan.body.contentType : undefined },
      };
    };
    const properties = Object.entries(resolved?.properties ?? {});
    options.push(
      {
        weight: bodyFields.length ? 6 : 0,
        arbitrary: fc
          .oneof(
            ...properties.map(([name, property]) =>
              fc.record({ name: fc.constant(name), value: fc.oneof(hostileFor(this.schema(property), 'body'), fieldValue) }),
            ),
            fc.record({ name: fc.constantFrom(...UNKNOWN_NAMES.slice(0, 4)), value: fieldValue }),
          )
          .map(({ name, value }) => hostile((plan) => withField(plan, name, value))),
      },
      {
        weight: operation.requestBody ? 2 : 0,
        arbitrary: fc
          .record({ name: fc.oneof(fc.constantFrom(...UNKNOWN_NAMES), fc.string({ maxLength: 8 })), value: fc.oneof(fieldValue, fc.string({ maxLength: 8 })) })
          .map(({ name, value }) => hostile((plan) => withField(plan, name, value))),
      },
      {
        weight: requiredFields.length ? 2 : 0,
        arbitrary: fc.constantFrom(...requiredFields, '').map((name) =>
          hostile((plan) => {
            if (plan.body.kind !== 'json' || !isPlainObject(plan.body.value)) return plan;
            const rest = Object.fromEntries(Object.entries(plan.body.value).filter(([key]) => key !== name));
            return { ...plan, body: { ...plan.body, value: rest } };
          }),
        ),
      },
      {
        weight: operation.requestBody ? 3 : 1,
        arbitrary: fieldValue.map((value) => hostile((plan) => ({ ...plan, body: { kind: 'json', value } }))),
      },
      {
        weight: operation.requestBody ? 2 : 1,
        arbitrary: fc
          .record({
            text: fc.oneof(fc.constantFrom(...HOSTILE_BODY_TEXTS), fc.string({ unit: 'binary', maxLength: 16 })),
            contentType: fc.option(fc.constantFrom('application/json', ...HOSTILE_CONTENT_TYPES), { nil: undefined }),
          })
          .map(({ text, contentType }) => hostile((plan) => ({ ...plan, body: { kind: 'text', text, contentType } }))),
      },
      {
        weight: operation.requestBody ? 1 : 0,
        arbitrary: fc
          .constantFrom(...HOSTILE_CONTENT_TYPES)
          .map((contentType) =>
            hostile((plan) => ({ ...plan, body: plan.body.kind === 'json' ? { ...plan.body, contentType } : { kind: 'json', value: {}, contentType } })),
          ),
      },
      {
        weight: operation.requestBody ? 1 : 0,
        arbitrary: fc
          .constantFrom(101 * 1024, 200 * 1024)
          .map((size) =>
            hostile((plan) => ({ ...plan, body: { kind: 'text', contentType: 'application/json', text: JSON.stringify({ name: 'x'.repeat(size) }) } })),
          ),
      },
    );

    const headerName = fc.constantFrom(...Object.keys(HOSTILE_HEADERS));
    options.push({
      weight: 4,
      arbitrary: headerName
        .chain((name) =>
          fc.record({
            name: fc.constant(name),
            value: fc.oneof<fc.Arbitrary<Value>[]>(
              fc.constantFrom(...HOSTILE_HEADERS[name]),
              ...(name === 'authorization'
                ? [
                    fc
                      .constantFrom('customer', 'admin')
                      .chain((who) => fc.constantFrom(new Ref(`token:${who}` as RefSource, 0, 'tampered'), new Ref(`token:${who}` as RefSource, 0))),
                  ]
                : []),
              ...(name.startsWith('if-') ? [refTo('etag', 'tampered')] : []),
            ),
          }),
        )
        .map(({ name, value }) =>
          hostile((plan) => {
            if (name === 'authorization') return { ...plan, authorization: value };
            const headers = Object.fromEntries(Object.entries(plan.headers).filter(([existing]) => existing.toLowerCase() !== name));
            return { ...plan, headers: { ...headers, [name]: value } };
          }),
        ),
    });
    return fc.oneof(...options.filter((option) => option.weight > 0));
  }
}

// ---- resolution -----------------------------------------------------------------------------------------------

/** Turns a plan into a concrete request against the world as it is now. */
export async function materialize(plan: RequestPlan, operation: Operation, world: FuzzWorld): Promise<ConcreteRequest> {
  const pathIds: string[] = [];
  const resolve = (value: Value): string => (value instanceof Ref ? resolveWorldRef(value, world, pathIds) : value instanceof Raw ? value.text : value);

  let url = operation.path;
  for (const [name, value] of Object.entries(plan.path)) {
    const text = value instanceof Raw ? value.text : percentEncode(resolve(value));
    if (value instanceof Ref && ['product', 'category', 'user', 'any'].includes(value.source))
      pathIds.push(resolve(new Ref(value.source, value.index)).toLowerCase());
    url = url.replace(`{${name}}`, text);
  }
  const query = [
    ...plan.query.map(([name, value]) => `${percentEncode(name)}=${value instanceof Raw ? value.text : percentEncode(resolve(value))}`),
    ...plan.rawQuery,
  ];
  if (query.length) url += `?${query.join('&')}`;

  const headers: Record<string, string> = {};
  if (plan.caller !== 'anonymous') Object.assign(headers, await world.authorization(plan.caller));
  if (plan.authorization !== undefined) headers.authorization = resolve(plan.authorization);
  for (const [name, value] of Object.entries(plan.headers)) headers[name.toLowerCase()] = resolve(value);

  let payload: string | undefined;
  if (plan.body.kind === 'json') {
    payload = jsonText(plan.body.value, (ref) => resolve(ref));
    headers['content-type'] = plan.body.contentType ?? 'application/json';
  } else if (plan.body.kind === 'text') {
    payload = plan.body.text;
    if (plan.body.contentType !== undefined) headers['content-type'] = plan.body.contentType;
  }
  return { method: operation.method, url, headers, payload, pathIds };
}

function resolveWorldRef(ref: Ref, world: FuzzWorld, pathIds: string[]): string {
  const pick = (values: string[]) => (values.length ? values[ref.index % values.length] : 'nothing-here');
  let value: string;
  switch (ref.source) {
    case 'product':
    case 'category':
    case 'user':
      value = pick(world.rows[ref.source].map((row) => row.id));
      break;
    case 'any':
      value = pick([...world.rows.product, ...world.rows.category, ...world.rows.user].map((row) => row.id));
      break;
    case 'productSlug':
      value = pick(world.rows.product.map((row) => row.name));
      break;
    case 'categorySlug':
      value = pick(world.rows.category.map((row) => row.name));
      break;
    case 'email':
      value = pick(world.rows.user.map((row) => row.name));
      break;
    case 'refreshToken':
      value = pick(world.refreshTokens);
      break;
    case 'cursor':
      value = pick(world.cursors);
      break;
    case 'token:customer':
    case 'token:admin': {
      // A caller's own token: as-is with the scheme in lower case (schemes are case-insensitive, RFC 9110 §11.1),
      // tampered with one character changed (the signature no longer matches).
      const token = world.accessToken(ref.source === 'token:admin' ? 'admin' : 'customer');
      return ref.spelling === 'tampered' ? `Bearer ${tamper(token, ref.index)}` : `bearer ${token}`;
    }
    case 'etag': {
      // The current ETag of the row the path names; tampered, the next version's (stale, or not yet there).
      const etag = pathIds.map((id) => world.etagOf(id)).find((found) => found !== undefined) ?? '"0-unknown"';
      return ref.spelling === 'tampered' ? etag.replace(/"(\d+)-/, (_match, version: string) => `"${Number(version) + 1}-`) : etag;
    }
  }
  switch (ref.spelling) {
    case 'upper':
      return value.toUpperCase();
    case 'mixed':
      return [...value].map((char, position) => ((position + ref.index) % 2 ? char.toUpperCase() : char)).join('');
    case 'tampered':
      return tamper(value, ref.index);
    default:
      return value;
  }
}

/** The same text with one character changed (to another of its kind, so that the format still holds). */
function tamper(text: string, seed: number): string {
  if (!text) return 'x';
  const at = (seed * 7 + 3) % text.length;
  const char = text[at];
  const replacement = /[0-9]/.test(char) ? String((Number(char) + 1) % 10) : /[a-z]/i.test(char) ? (char === 'a' ? 'b' : 'a') : char === '-' ? '_' : 'A';
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

/** Which pool of real rows a field or path parameter draws ids from, by its name and the operation's path. */
function poolFor(name: string, path: string): RowPool | 'any' | undefined {
  if (/^(categoryId|parentId)$/.test(name)) return 'category';
  if (name === 'productId') return 'product';
  if (/^(actorId|userId)$/.test(name)) return 'user';
  if (name === 'resourceId') return 'any';
  if (!/^id$|^idOrSlug$/.test(name)) return undefined;
  if (path.includes('/products')) return 'product';
  if (path.includes('/categories')) return 'category';
  if (path.includes('/users')) return 'user';
  return 'any';
}

const refTo = (source: RefSource, spelling: Spelling = 'as-is') => POOL_INDEX.map((index) => new Ref(source, index, spelling));

const isoDate = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });

function fits(text: string, schema: Schema): boolean {
  return text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? Infinity);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Ref) && !(value instanceof RawJsonNumber);
}

/** Sets an own property, `__proto__` included (plain assignment would set the prototype instead). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/**
 * RFC 3986 percent-encoding of the UTF-8 bytes of `text`: everything but unreserved characters. Lone surrogates
 * become U+FFFD (as any HTTP client would send them), where `encodeURIComponent` would throw.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** JSON text of a generated value: world references resolved, raw number literals kept as written, own `__proto__` keys kept. */
export function jsonText(value: unknown, resolve: (ref: Ref) => string): string {
  if (value instanceof Ref) return JSON.stringify(resolve(value));
  if (value instanceof RawJsonNumber) return value.literal;
  if (Array.isArray(value)) return `[${value.map((item) => jsonText(item, resolve)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}:${jsonText((value as Record<string, unknown>)[key], resolve)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
