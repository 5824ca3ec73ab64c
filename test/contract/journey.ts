import { randomUUID } from 'node:crypto';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './catalog-api';

/**
 * A client's journey through the catalog API, written only against the types openapi-typescript generates from
 * the service's OpenAPI document: no `any`, no casts. The contract spec type-checks this file against the live
 * document and runs it against the service; a document that stops describing what a step relies on (a path, a
 * parameter, a body field, a status, a response header, the problem+json media type) fails the type-check.
 *
 * Each step fails with what came instead when an answer has an unexpected status, and returns what the spec asserts on;
 * the spec also checks every answer against the document at run time (documented-answers.ts).
 */

type Register = paths['/api/v1/auth/register']['post'];
type Login = paths['/api/v1/auth/login']['post'];
type Refresh = paths['/api/v1/auth/refresh']['post'];
type Me = paths['/api/v1/users/me']['get'];
type ListProducts = paths['/api/v1/products']['get'];
type CreateProduct = paths['/api/v1/products']['post'];
type GetProduct = paths['/api/v1/products/{idOrSlug}']['get'];
type UpdateProduct = paths['/api/v1/products/{idOrSlug}']['patch'];
type CreateCategory = paths['/api/v1/categories']['post'];

type Responses<O> = O extends { responses: infer R } ? R : never;

/** A status code the document declares for operation `O`. */
type Status<O> = keyof Responses<O> & number;

/** A header the document declares on the `S` response of operation `O` (the generator's catch-all index signature left out). */
type Header<O, S extends Status<O>> = Responses<O>[S] extends { headers: infer H }
  ? keyof { [K in keyof H as string extends K ? never : number extends K ? never : K]: H[K] } & string
  : never;

/** The body of the `S` response of operation `O`, which must be declared as `application/problem+json` (RFC 9457 §3). */
type Problem<O, S extends Status<O>> = Responses<O>[S] extends { content: { 'application/problem+json': infer B } }
  ? B
  : { 'the document must declare this response as application/problem+json': S };

export type CatalogClient = Client<paths>;

/** Where the journey goes, and what watches its answers (openapi-fetch middleware). */
export interface Api {
  baseUrl: string;
  middleware?: Middleware[];
}

export function catalogClient({ baseUrl, middleware = [] }: Api, accessToken?: string): CatalogClient {
  const client = createClient<paths>({ baseUrl, headers: accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` } });
  client.use(...middleware);
  return client;
}

/** What openapi-fetch answers: a body on success, the parsed error body otherwise, and the response either way. */
interface Outcome<D, E> {
  data?: D;
  error?: E;
  response: Response;
}

function unexpected(step: string, expected: number, outcome: Outcome<unknown, unknown>): Error {
  const body = outcome.error ?? outcome.data;
  return new Error(`${step}: expected ${expected}, got ${outcome.response.status} ${JSON.stringify(body)}`);
}

/** The body of a successful answer with status `expected`. */
function succeeded<D, E>(step: string, expected: number, outcome: Outcome<D, E>): D {
  if (outcome.response.status !== expected || outcome.data === undefined) throw unexpected(step, expected, outcome);
  return outcome.data;
}

/** The (problem) body of a refused answer with status `expected`. */
function refused<D, E>(step: string, expected: number, outcome: Outcome<D, E>): E {
  if (outcome.response.status !== expected || outcome.error === undefined) throw unexpected(step, expected, outcome);
  return outcome.error;
}

/** What the spec checks on a refusal besides its body; `X-Request-ID` must be declared on that response. */
function refusal(response: Response, requestIdHeader: 'X-Request-ID') {
  return { requestId: response.headers.get(requestIdHeader), contentType: response.headers.get('content-type') };
}

export interface Credentials {
  email: string;
  password: string;
  name: string;
}

/** Register, log in, refresh, use the new access token; then present the spent refresh token again. */
export async function account(api: Api, credentials: Credentials) {
  const anonymous = catalogClient(api);
  const registered = succeeded('register', 201 satisfies Status<Register>, await anonymous.POST('/api/v1/auth/register', { body: credentials }));

  const { email, password } = credentials;
  const login = succeeded('login', 200 satisfies Status<Login>, await anonymous.POST('/api/v1/auth/login', { body: { email, password } }));

  const spent = login.refreshToken;
  const refreshed = succeeded('refresh', 200 satisfies Status<Refresh>, await anonymous.POST('/api/v1/auth/refresh', { body: { refreshToken: spent } }));
  const me = succeeded(
    'GET /users/me with the refreshed access token',
    200 satisfies Status<Me>,
    await catalogClient(api, refreshed.accessToken).GET('/api/v1/users/me'),
  );

  // RFC 9700 §4.14.2: a refresh token is spent once; presenting it again ends the whole session.
  const replayed = await anonymous.POST('/api/v1/auth/refresh', { body: { refreshToken: spent } });
  const reuse: Problem<Refresh, 401> = refused('refresh with a spent token', 401 satisfies Status<Refresh>, replayed);
  const afterReuse = await catalogClient(api, refreshed.accessToken).GET('/api/v1/users/me');
  const revoked: Problem<Me, 401> = refused('GET /users/me once the session is revoked', 401 satisfies Status<Me>, afterReuse);

  return { registered, login, refreshed, me, reuse: { problem: reuse, ...refusal(replayed.response, 'X-Request-ID' satisfies Header<Refresh, 401>) }, revoked };
}

/** An admin fills a fresh category with three products; a shopper lists it two at a time, then in one default page. */
export async function browse(api: Api, adminToken: string) {
  const admin = catalogClient(api, adminToken);
  const tag = randomUUID().slice(0, 8);
  const category = succeeded(
    'create a category',
    201 satisfies Status<CreateCategory>,
    await admin.POST('/api/v1/categories', { body: { name: `Contract ${tag}` } }),
  );
  const created = [];
  for (const n of [1, 2, 3]) {
    const body = { sku: `CONTRACT-${tag}-${n}`, name: `Contract lamp ${tag} ${n}`, price: 1000 * n, stock: n, categoryId: category.id };
    created.push(succeeded(`create product ${n}`, 201 satisfies Status<CreateProduct>, await admin.POST('/api/v1/products', { body })));
  }

  const shopper = catalogClient(api);
  const list = (query: NonNullable<ListProducts['parameters']['query']>) => shopper.GET('/api/v1/products', { params: { query } });
  const ok = 200 satisfies Status<ListProducts>;
  const first = succeeded('first page', ok, await list({ categoryId: category.id, limit: 2 }));
  const cursor = first.page.nextCursor;
  if (cursor === null) throw new Error(`first page: no nextCursor in ${JSON.stringify(first.page)}`);
  const second = succeeded('second page', ok, await list({ categoryId: category.id, limit: 2, cursor }));
  // `limit` is optional: the default page size applies.
  const whole = succeeded('one default page', ok, await list({ categoryId: category.id }));

  return { category, created, first, second, whole };
}

/**
 * An admin creates a product under an Idempotency-Key and retries it; a shopper reads it by slug and revalidates its
 * ETag; the admin changes it under If-Match, then tries again with the tag that is now stale.
 */
export async function edit(api: Api, adminToken: string) {
  const admin = catalogClient(api, adminToken);
  const tag = randomUUID().slice(0, 8);
  const body = { sku: `EDIT-${tag}`, name: `Contract desk ${tag}`, description: 'Solid oak.', price: 24900, stock: 4 };
  const idempotencyKey = randomUUID();
  const create = () => admin.POST('/api/v1/products', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body });
  const replayedHeader = 'Idempotent-Replayed' satisfies Header<CreateProduct, 201>;
  const createdEtagHeader = 'ETag' satisfies Header<CreateProduct, 201>;

  const first = await create();
  const created = succeeded('create with an Idempotency-Key', 201 satisfies Status<CreateProduct>, first);
  const retry = await create();
  const replayed = succeeded('the same create again', 201 satisfies Status<CreateProduct>, retry);

  const shopper = catalogClient(api);
  const bySlug = { path: { idOrSlug: created.slug } };
  const read = await shopper.GET('/api/v1/products/{idOrSlug}', { params: bySlug });
  const product = succeeded('GET by slug', 200 satisfies Status<GetProduct>, read);
  const etag = read.response.headers.get('ETag' satisfies Header<GetProduct, 200>);
  if (etag === null) throw new Error('GET by slug: no ETag');

  const revalidated = await shopper.GET('/api/v1/products/{idOrSlug}', { params: { ...bySlug, header: { 'If-None-Match': etag } } });
  if (revalidated.response.status !== (304 satisfies Status<GetProduct>)) throw unexpected('GET with If-None-Match', 304, revalidated);

  const update = (ifMatch: string, price: number) =>
    admin.PATCH('/api/v1/products/{idOrSlug}', { params: { path: { idOrSlug: created.id }, header: { 'If-Match': ifMatch } }, body: { price } });
  const patch = await update(etag, body.price + 100);
  const updated = succeeded('PATCH with If-Match', 200 satisfies Status<UpdateProduct>, patch);
  const stale = await update(etag, body.price + 200);
  const conflict: Problem<UpdateProduct, 412> = refused('PATCH with a stale If-Match', 412 satisfies Status<UpdateProduct>, stale);

  return {
    created: { body: created, replayed: first.response.headers.get(replayedHeader), etag: first.response.headers.get(createdEtagHeader) },
    replay: { body: replayed, replayed: retry.response.headers.get(replayedHeader), etag: retry.response.headers.get(createdEtagHeader) },
    read: { body: product, etag, cache: read.response.headers.get('X-Cache' satisfies Header<GetProduct, 200>) },
    revalidated: { status: revalidated.response.status, etag: revalidated.response.headers.get('ETag' satisfies Header<GetProduct, 200>) },
    updated: { body: updated, etag: patch.response.headers.get('ETag' satisfies Header<UpdateProduct, 200>) },
    stale: { status: stale.response.status, problem: conflict, ...refusal(stale.response, 'X-Request-ID' satisfies Header<UpdateProduct, 412>) },
  };
}

/** `attempts` failed logins for one account: the per-account credential limit turns the last ones into 429. */
export async function exhaustLogins(api: Api, email: string, attempts: number) {
  const anonymous = catalogClient(api);
  const login = () => anonymous.POST('/api/v1/auth/login', { body: { email, password: 'not the password at all' } });
  const statuses: number[] = [];
  let last: Awaited<ReturnType<typeof login>> | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    last = await login();
    statuses.push(last.response.status);
  }
  if (last === undefined) throw new Error('exhaustLogins: no attempt made');
  const problem: Problem<Login, 429> = refused('the last login', 429 satisfies Status<Login>, last);
  return {
    statuses,
    problem,
    retryAfter: last.response.headers.get('Retry-After' satisfies Header<Login, 429>),
    rateLimit: last.response.headers.get('RateLimit' satisfies Header<Login, 429>),
    ...refusal(last.response, 'X-Request-ID' satisfies Header<Login, 429>),
  };
}

/** A product with a negative price, sent with the caller's own request id: a 400 naming the field. */
export async function invalidProduct(api: Api, adminToken: string, requestId: string) {
  const admin = catalogClient(api, adminToken);
  const answer = await admin.POST('/api/v1/products', {
    params: { header: { 'X-Request-ID': requestId } },
    body: { sku: `BAD-${randomUUID().slice(0, 8)}`, name: 'Negative', price: -1 },
  });
  const problem: Problem<CreateProduct, 400> = refused('create with a negative price', 400 satisfies Status<CreateProduct>, answer);
  return {
    problem,
    fields: (problem.errors ?? []).map(({ field, message }) => ({ field, message })),
    ...refusal(answer.response, 'X-Request-ID' satisfies Header<CreateProduct, 400>),
  };
}
