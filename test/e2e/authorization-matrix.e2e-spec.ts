import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HTTPMethods } from 'fastify';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { bearer, signedIn, type TestUser, type Tokens } from '../harness/factories';

const CALLERS = ['anonymous', Role.Customer, Role.Admin, Role.Superadmin] as const;
type Caller = (typeof CALLERS)[number];

interface RoutePolicy {
  /** The status each caller gets. 401/403 come from the guards; any other status shows the caller got past them. */
  expect: Record<Caller, number>;
  body?: Record<string, unknown>;
  /** The handler ends the caller's sessions, so each signed-in caller is a fresh user. */
  endsSession?: boolean;
}

const everyone = (status: number) => ({ anonymous: status, customer: status, admin: status, superadmin: status });
const signedInUsers = (status: number) => ({ ...everyone(status), anonymous: 401 });
const admins = (status: number) => ({ ...signedInUsers(status), customer: 403 });
const superadmins = (status: number) => ({ ...admins(status), admin: 403 });

/**
 * Who may call what, for every route the application serves. The path parameter is a random uuid, so handlers that get that
 * far answer 404 and change nothing; bodies are deliberately invalid where a valid one would change state.
 */
const POLICY: Record<string, RoutePolicy> = {
  'GET /health/live': { expect: everyone(200) },
  'GET /health/ready': { expect: everyone(200) },
  'GET /metrics': { expect: everyone(200) },
  'GET /docs-json': { expect: everyone(200) },
  'GET /docs-yaml': { expect: everyone(200) },
  'POST /api/v1/auth/register': { expect: everyone(400), body: {} },
  'POST /api/v1/auth/login': { expect: everyone(400), body: {} },
  'POST /api/v1/auth/refresh': { expect: everyone(400), body: {} },
  'POST /api/v1/auth/logout': { expect: signedInUsers(204), endsSession: true },
  'POST /api/v1/auth/logout-all': { expect: signedInUsers(204), endsSession: true },
  'GET /api/v1/users/me': { expect: signedInUsers(200) },
  'PATCH /api/v1/users/me': { expect: signedInUsers(400), body: { role: Role.Admin } },
  'GET /api/v1/users': { expect: admins(200) },
  'GET /api/v1/audit-logs': { expect: admins(200) },
  'POST /api/v1/api-keys': { expect: admins(400), body: {} },
  'GET /api/v1/api-keys': { expect: admins(200) },
  'GET /api/v1/api-keys/:id': { expect: admins(404) },
  'GET /api/v1/changes': { expect: admins(200) },
  'POST /api/v1/webhooks': { expect: admins(400), body: {} },
  'GET /api/v1/webhooks': { expect: admins(200) },
  'GET /api/v1/webhooks/:id': { expect: admins(404) },
  'PATCH /api/v1/webhooks/:id': { expect: admins(404), body: { description: 'x' } },
  'DELETE /api/v1/webhooks/:id': { expect: admins(404) },
  'POST /api/v1/webhooks/:id/rotate-secret': { expect: admins(404) },
  'GET /api/v1/webhooks/:id/deliveries': { expect: admins(404) },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/resend': { expect: admins(404) },
  'DELETE /api/v1/api-keys/:id': { expect: admins(404) },
  'GET /api/v1/users/:id': { expect: admins(404) },
  'POST /api/v1/users/:id/disable': { expect: admins(404) },
  'POST /api/v1/users/:id/enable': { expect: admins(404) },
  'PATCH /api/v1/users/:id/role': { expect: superadmins(404), body: { role: Role.Customer } },
  // Catalog: reads are public (an unknown slug is a 404 for everyone), writes are for admins.
  'GET /api/v1/products': { expect: everyone(200) },
  'GET /api/v1/products/suggestions': { expect: everyone(400) },
  'GET /api/v1/products/:idOrSlug': { expect: everyone(404) },
  'POST /api/v1/products': { expect: admins(400), body: {} },
  'PATCH /api/v1/products/:idOrSlug': { expect: admins(404), body: { name: 'Renamed' } },
  'DELETE /api/v1/products/:idOrSlug': { expect: admins(404) },
  'POST /api/v1/products/:id/stock-adjustments': { expect: admins(404), body: { delta: 1, reason: 'authorization matrix' } },
  'GET /api/v1/categories': { expect: everyone(200) },
  'GET /api/v1/categories/:idOrSlug': { expect: everyone(404) },
  'POST /api/v1/categories': { expect: admins(400), body: {} },
  'PATCH /api/v1/categories/:idOrSlug': { expect: admins(404), body: { name: 'Renamed' } },
  'DELETE /api/v1/categories/:idOrSlug': { expect: admins(404) },
};

/** The machine code that proves who answered: the guards (401/403) or the handler and its pipes. */
const CODE_BY_STATUS: Record<number, string> = { 400: 'VALIDATION_FAILED', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/**
 * `METHOD path` of every route Fastify serves, read from its route tree: with `commonPrefix: false` each line is
 * `<indent>├── <segment> (<methods>)`, four indent characters per level, a child's path continuing its parent's.
 * HEAD (automatic for GET), OPTIONS (CORS preflight) and the Swagger UI with its assets under /docs are left out.
 */
function servedRoutes(app: NestFastifyApplication): string[] {
  const fastify = app.getHttpAdapter().getInstance();
  const paths: string[] = [];
  const routes: string[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    // Top-level lines omit the root's "/" before a wildcard (`* (OPTIONS)` is the route `/*`).
    paths[depth] = depth ? paths[depth - 1] + match[2] : match[2].replace(/^(?!\/)/, '/');
    for (const method of match[3]?.split(', ') ?? []) routes.push(`${method} ${paths[depth]}`);
  }
  // Routes with different parameter names at one position share a node, printed `:idOrSlug|:id`: each route's own
  // names are those find-my-way captures when matching the printed path against it.
  const named = routes.map((route) => {
    const [method, url] = route.split(' ');
    if (!url.includes('|')) return route;
    const names = Object.keys(fastify.findRoute({ method: method as HTTPMethods, url })?.params ?? {});
    let position = 0;
    return `${method} ${url.replace(/:[^/]+/g, () => `:${names[position++]}`)}`;
  });
  // A parsing slip would make the comparison below meaningless: every line read must be a real route.
  for (const route of named) {
    const [method, url] = route.split(' ');
    if (!fastify.hasRoute({ method: method as HTTPMethods, url })) throw new Error(`Misread the route tree: ${route}`);
  }
  return named.filter((route) => !/^(HEAD|OPTIONS) /.test(route) && !/ \/docs(\/|$)/.test(route)).sort();
}

describe('Authorization matrix', () => {
  let app: NestFastifyApplication;
  const callers = new Map<Caller, TestUser & Tokens>();

  beforeAll(async () => {
    // The production module alone: test fixture routes would be unclassified here.
    app = await bootApp({ module: AppModule });
    for (const role of [Role.Customer, Role.Admin, Role.Superadmin]) callers.set(role, await signedIn(app, role));
  });

  afterAll(async () => {
    await app.close();
  });

  it('declares a policy for exactly the routes the application serves', () => {
    const served = servedRoutes(app);
    const declared = Object.keys(POLICY);
    expect({
      unclassified: served.filter((route) => !declared.includes(route)),
      stale: declared.filter((route) => !served.includes(route)),
    }).toEqual({ unclassified: [], stale: [] });
  });

  describe.each(Object.entries(POLICY))('%s', (route, policy) => {
    it.each(CALLERS)('answers %s as declared', async (caller) => {
      const [method, path] = route.split(' ');
      const user = caller === 'anonymous' ? undefined : policy.endsSession ? await signedIn(app, caller) : callers.get(caller)!;
      const response = await app.inject({
        method: method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
        url: path.replace(/:\w+/g, () => randomUUID()),
        headers: user ? bearer(user.accessToken) : {},
        ...(policy.body ? { payload: policy.body } : {}),
      });

      const status = policy.expect[caller];
      // The start of the body in the comparison shows, on failure, who answered and why.
      expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toMatchObject({ status });
      if (CODE_BY_STATUS[status]) expect(response.json()).toMatchObject({ code: CODE_BY_STATUS[status] });
      if (status === 401) expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    });
  });

  describe('object-level authorization (OWASP API1:2023)', () => {
    it('does not let a customer read another user by id', async () => {
      const [alice, bob] = [await signedIn(app), await signedIn(app)];
      const response = await app.inject({ method: 'GET', url: `/api/v1/users/${bob.id}`, headers: bearer(alice.accessToken) });
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain(bob.email);
    });

    it('answers /users/me with the caller’s own account and nothing more', async () => {
      const [alice, bob] = [await signedIn(app), await signedIn(app)];
      for (const user of [alice, bob]) {
        const response = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(user.accessToken) });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({
          id: user.id,
          email: user.email,
          role: Role.Customer,
          name: null,
          disabled: false,
          lastLoginAt: expect.any(String),
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        });
      }
    });

    it('refuses a customer who sends a role to PATCH /users/me, changing nothing', async () => {
      const mallory = await signedIn(app);
      const response = await app.inject({
        method: 'PATCH',
        url: '/api/v1/users/me',
        headers: bearer(mallory.accessToken),
        payload: { name: 'Mallory', role: Role.Admin },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'role' })]);

      const [row] = await app.get(DataSource).query(`SELECT role, name FROM users WHERE id = $1`, [mallory.id]);
      expect(row).toEqual({ role: Role.Customer, name: null });
      const list = await app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(mallory.accessToken) });
      expect(list.statusCode).toBe(403);
    });
  });
});
