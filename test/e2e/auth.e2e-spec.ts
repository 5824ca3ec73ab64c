import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { bearer, createUser, DEFAULT_PASSWORD, login, signedIn } from '../harness/factories';

const ACCESS_SECRET = 'test-access-secret-at-least-32-bytes-long!';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a JWT by hand, so tests can forge every field a real attacker controls. */
function forge(
  header: object,
  payload: object,
  sign: (input: string) => string = (input) => createHmac('sha256', ACCESS_SECRET).update(input).digest('base64url'),
) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(input)}`;
}

describe('Authentication', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  const post = (url: string, payload: object, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });
  const get = (url: string, token?: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: token ? bearer(token) : {} });

  beforeAll(async () => {
    app = await bootApp({
      env: {
        JWT_ACCESS_SECRET: ACCESS_SECRET,
        JWT_REFRESH_SECRET: 'test-refresh-secret-at-least-32-bytes-long',
        LOGIN_LOCKOUT_THRESHOLD: '3',
        LOGIN_LOCKOUT_BASE_SECONDS: '1',
        LOGIN_LOCKOUT_MAX_SECONDS: '2',
      },
    });
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('register', () => {
    it('creates a customer, signs it in, and stores only an argon2id hash', async () => {
      const response = await post('/auth/register', { email: '  New.Customer@Example.COM ', password: DEFAULT_PASSWORD, name: ' Ada ' });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body.user).toMatchObject({ email: 'new.customer@example.com', role: 'customer', name: 'Ada', disabled: false });
      expect(body.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, accessToken: expect.any(String), refreshToken: expect.any(String) });
      expect((await get('/users/me', body.tokens.accessToken)).json().id).toBe(body.user.id);
      const [row] = await db.query(`SELECT password_hash FROM users WHERE id = $1`, [body.user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    });

    it('refuses a role (or any unknown field) with 400 and creates nothing', async () => {
      const email = 'escalation@example.com';
      const response = await post('/auth/register', { email, password: DEFAULT_PASSWORD, role: 'superadmin' });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'role' })]);
      expect(await db.query(`SELECT 1 FROM users WHERE email = $1`, [email])).toHaveLength(0);
    });

    it('answers a taken email (in any casing) with 409 and nothing more', async () => {
      const user = await createUser(app);
      const response = await post('/auth/register', { email: user.email.toUpperCase(), password: DEFAULT_PASSWORD });
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toBe('An account with this email address already exists');
    });

    it.each([
      ['too short', 'short-pass1'],
      ['too long', 'x'.repeat(129)],
      ['the email itself', 'password.is.email@example.com'],
    ])('refuses a password that is %s', async (_case, password) => {
      const response = await post('/auth/register', { email: 'password.is.email@example.com', password });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('password');
    });
  });

  describe('login', () => {
    it('returns a bearer token pair', async () => {
      const user = await createUser(app);
      const response = await post('/auth/login', { email: user.email, password: user.password });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
      const [row] = await db.query(`SELECT last_login_at FROM users WHERE id = $1`, [user.id]);
      expect(row.last_login_at).not.toBeNull();
    });

    it('answers an unknown email and a wrong password identically', async () => {
      const user = await createUser(app);
      const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      const wrong = await post('/auth/login', { email: user.email, password: 'not the password at all' });
      const unknown = await post('/auth/login', { email: 'nobody-here@example.com', password: 'not the password at all' });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    });

    it('makes an account wait after repeated failures, with a capped delay, and a success resets it', async () => {
      const user = await createUser(app);
      for (let attempt = 0; attempt < 3; attempt++)
        expect((await post('/auth/login', { email: user.email, password: 'wrong password!!' })).statusCode).toBe(401);
      // Locked: even the right password is refused, with the same answer.
      expect((await post('/auth/login', { email: user.email, password: user.password })).statusCode).toBe(401);
      const [locked] = await db.query(`SELECT failed_login_count, locked_until > now() AS locked FROM users WHERE id = $1`, [user.id]);
      expect(locked).toEqual({ failed_login_count: 3, locked: true });
      await waitFor(async () => (await db.query(`SELECT 1 FROM users WHERE id = $1 AND locked_until <= now()`, [user.id])).length === 1, {
        what: 'the lockout to end',
      });
      expect((await post('/auth/login', { email: user.email, password: user.password })).statusCode).toBe(200);
      const [reset] = await db.query(`SELECT failed_login_count, locked_until FROM users WHERE id = $1`, [user.id]);
      expect(reset).toEqual({ failed_login_count: 0, locked_until: null });
    });
  });

  describe('access tokens', () => {
    it('are refused when forged, expired, unsigned, for another audience or issuer, or of another type', async () => {
      const user = await signedIn(app);
      const [, payloadPart] = user.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString());
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'HS256', typ: 'at+jwt' };
      expect((await get('/users/me', forge(header, claims))).statusCode).toBe(200); // the forge helper itself is sound

      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const cases: Record<string, string> = {
        'wrong signature': forge(header, claims, () => 'c2lnbmF0dXJl'),
        expired: forge(header, { ...claims, iat: now - 3600, exp: now - 60 }),
        'alg none': `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims)}.`,
        'wrong audience': forge(header, { ...claims, aud: 'another-service' }),
        'wrong issuer': forge(header, { ...claims, iss: 'someone-else' }),
        'not yet valid': forge(header, { ...claims, nbf: now + 600 }),
        'wrong typ': forge({ alg: 'HS256', typ: 'JWT' }, claims),
        'RS256 signed by another key': forge({ alg: 'RS256', typ: 'at+jwt' }, claims, (input) =>
          createSign('RSA-SHA256').update(input).sign(privateKey, 'base64url'),
        ),
        // Algorithm confusion: HS256 keyed with a public key some verifiers would accept as the secret.
        'HS256 keyed with a public key': forge(header, claims, (input) =>
          createHmac('sha256', publicKey.export({ type: 'spki', format: 'pem' }))
            .update(input)
            .digest('base64url'),
        ),
        'refresh token as access token': user.refreshToken,
      };
      for (const [name, token] of Object.entries(cases)) {
        const response = await get('/users/me', token);
        expect({ name, status: response.statusCode }).toEqual({ name, status: 401 });
        expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      }
      expect((await get('/users/me')).statusCode).toBe(401);
    });

    it('tolerates a few seconds of clock skew', async () => {
      const user = await signedIn(app);
      const claims = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
      const now = Math.floor(Date.now() / 1000);
      expect((await get('/users/me', forge({ alg: 'HS256', typ: 'at+jwt' }, { ...claims, nbf: now + 2 }))).statusCode).toBe(200);
    });
  });

  describe('refresh', () => {
    it('rotates: the new pair works and the old refresh token is spent', async () => {
      const user = await signedIn(app);
      const first = await post('/auth/refresh', { refreshToken: user.refreshToken });
      expect(first.statusCode).toBe(200);
      const next = first.json();
      expect(next.refreshToken).not.toBe(user.refreshToken);
      expect((await get('/users/me', next.accessToken)).statusCode).toBe(200);
      expect((await post('/auth/refresh', { refreshToken: next.refreshToken })).statusCode).toBe(200);
    });

    it('treats reuse of a spent token as theft: the whole family and its access tokens are revoked', async () => {
      const user = await signedIn(app);
      const rotated = (await post('/auth/refresh', { refreshToken: user.refreshToken })).json();
      const reuse = await post('/auth/refresh', { refreshToken: user.refreshToken });
      expect(reuse.statusCode).toBe(401);
      expect((await post('/auth/refresh', { refreshToken: rotated.refreshToken })).statusCode).toBe(401);
      expect((await get('/users/me', rotated.accessToken)).statusCode).toBe(401);
      const [session] = await db.query(`SELECT revoked_reason FROM sessions WHERE user_id = $1`, [user.id]);
      expect(session.revoked_reason).toBe('reuse_detected');
    });

    it('lets at most one of two concurrent refreshes with one token succeed', async () => {
      const user = await signedIn(app);
      const results = await Promise.all([
        post('/auth/refresh', { refreshToken: user.refreshToken }),
        post('/auth/refresh', { refreshToken: user.refreshToken }),
      ]);
      expect(results.filter((response) => response.statusCode === 200).length).toBeLessThanOrEqual(1);
      expect(results.map((response) => response.statusCode)).toContain(401);
    });

    it('ends with the session: a token of an expired session is refused, and rotation never outlives the session', async () => {
      const user = await signedIn(app);
      await db.query(`UPDATE sessions SET expires_at = now() + interval '1 hour' WHERE user_id = $1`, [user.id]);
      const rotated = await post('/auth/refresh', { refreshToken: user.refreshToken });
      expect(rotated.statusCode).toBe(200);
      const [token] = await db.query(
        `SELECT t.expires_at <= s.expires_at AS capped FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE s.user_id = $1 AND t.used_at IS NULL`,
        [user.id],
      );
      expect(token.capped).toBe(true);
      await db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      expect((await post('/auth/refresh', { refreshToken: rotated.json().refreshToken })).statusCode).toBe(401);
    });

    it('refuses unknown tokens', async () => {
      expect((await post('/auth/refresh', { refreshToken: 'made-up-token' })).statusCode).toBe(401);
    });
  });

  describe('logout', () => {
    it('ends the current session only', async () => {
      const user = await createUser(app);
      const [phone, laptop] = [await login(app, user), await login(app, user)];
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(phone.accessToken) });
      expect(response.statusCode).toBe(204);
      expect((await get('/users/me', phone.accessToken)).statusCode).toBe(401);
      expect((await post('/auth/refresh', { refreshToken: phone.refreshToken })).statusCode).toBe(401);
      expect((await get('/users/me', laptop.accessToken)).statusCode).toBe(200);
    });

    it('logout-all ends every session and every access token issued before it', async () => {
      const user = await createUser(app);
      const [phone, laptop] = [await login(app, user), await login(app, user)];
      expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(phone.accessToken) })).statusCode).toBe(204);
      for (const session of [phone, laptop]) {
        expect((await get('/users/me', session.accessToken)).statusCode).toBe(401);
        expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
      }
      expect((await login(app, user)).accessToken).toEqual(expect.any(String));
    });
  });

  describe('own account', () => {
    const patchMe = (token: string, payload: object) => app.inject({ method: 'PATCH', url: '/api/v1/users/me', headers: bearer(token), payload });

    it('changes the name, and refuses role, email or unknown fields without changing anything', async () => {
      const user = await signedIn(app);
      expect((await patchMe(user.accessToken, { name: 'Grace Hopper' })).json()).toMatchObject({ name: 'Grace Hopper', role: 'customer' });
      for (const payload of [{ role: 'admin' }, { name: 'x', role: 'superadmin' }, { email: 'other@example.com' }, { disabled: true }]) {
        expect((await patchMe(user.accessToken, payload)).statusCode).toBe(400);
      }
      const [row] = await db.query(`SELECT role, email, name FROM users WHERE id = $1`, [user.id]);
      expect(row).toEqual({ role: 'customer', email: user.email, name: 'Grace Hopper' });
    });

    it('refuses markup and control characters in names', async () => {
      const user = await signedIn(app);
      expect((await patchMe(user.accessToken, { name: '<script>alert(1)</script>' })).statusCode).toBe(400);
      expect((await patchMe(user.accessToken, { name: 'line\nbreak' })).statusCode).toBe(400);
    });

    it('changes the password only with the current one, ending every other session', async () => {
      const user = await createUser(app);
      const [current, other] = [await login(app, user), await login(app, user)];
      expect((await patchMe(current.accessToken, { newPassword: 'a brand new passphrase' })).statusCode).toBe(400);
      expect((await patchMe(current.accessToken, { currentPassword: 'wrong one entirely', newPassword: 'a brand new passphrase' })).statusCode).toBe(400);
      expect((await patchMe(current.accessToken, { currentPassword: user.password })).statusCode).toBe(400);
      // The wrong guess counted towards the login lockout, like a failed login.
      expect((await db.query(`SELECT failed_login_count FROM users WHERE id = $1`, [user.id]))[0].failed_login_count).toBe(1);
      expect((await patchMe(current.accessToken, { currentPassword: user.password, newPassword: 'a brand new passphrase' })).statusCode).toBe(200);
      expect((await get('/users/me', current.accessToken)).statusCode).toBe(200);
      expect((await get('/users/me', other.accessToken)).statusCode).toBe(401);
      expect((await post('/auth/login', { email: user.email, password: user.password })).statusCode).toBe(401);
      expect((await post('/auth/login', { email: user.email, password: 'a brand new passphrase' })).statusCode).toBe(200);
    });
  });

  describe('back office', () => {
    it('lets an admin list users with cursor pagination and filters, and refuses a tampered cursor', async () => {
      const admin = await signedIn(app, Role.Admin);
      const prefix = `listing-${Date.now()}`;
      for (let index = 0; index < 3; index++) await createUser(app, { email: `${prefix}-${index}@example.com` });
      // The list reads from the replica: wait until it has replayed the inserts.
      const page1 = await waitFor(async () => {
        const body = (await get(`/users?limit=2&email=${prefix.toUpperCase()}`, admin.accessToken)).json();
        return body.data?.length === 2 && body;
      });
      expect(page1.data.map((user: { email: string }) => user.email)).toEqual([`${prefix}-2@example.com`, `${prefix}-1@example.com`]);
      expect(page1.page).toMatchObject({ limit: 2, hasMore: true, nextCursor: expect.any(String) });
      const page2 = (await get(`/users?limit=2&email=${prefix}&cursor=${page1.page.nextCursor}`, admin.accessToken)).json();
      expect(page2.data.map((user: { email: string }) => user.email)).toEqual([`${prefix}-0@example.com`]);
      expect(page2.page).toEqual({ limit: 2, hasMore: false, nextCursor: null });

      const [body, signature] = page1.page.nextCursor.split('.');
      const tampered = `${Buffer.from(JSON.stringify({ c: '2000-01-01T00:00:00.000Z', i: 'x' })).toString('base64url')}.${signature}`;
      expect(body).not.toBe(tampered.split('.')[0]);
      const refused = await get(`/users?cursor=${tampered}`, admin.accessToken);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().code).toBe('INVALID_CURSOR');
      expect((await get('/users?role=customer&limit=1', admin.accessToken)).json().data[0].role).toBe('customer');
      expect((await get('/users?limit=101', admin.accessToken)).statusCode).toBe(400);
    });

    it('disabling a user stops their tokens at once; admins manage customers, superadmins staff', async () => {
      const [admin, superadmin, customer, otherAdmin] = [
        await signedIn(app, Role.Admin),
        await signedIn(app, Role.Superadmin),
        await signedIn(app),
        await signedIn(app, Role.Admin),
      ];
      const disable = (token: string, id: string) => app.inject({ method: 'POST', url: `/api/v1/users/${id}/disable`, headers: bearer(token) });
      expect((await disable(admin.accessToken, customer.id)).json()).toMatchObject({ id: customer.id, disabled: true });
      expect((await get('/users/me', customer.accessToken)).statusCode).toBe(401);
      expect((await post('/auth/login', { email: customer.email, password: customer.password })).statusCode).toBe(401);
      expect((await disable(admin.accessToken, otherAdmin.id)).statusCode).toBe(403);
      expect((await disable(admin.accessToken, admin.id)).statusCode).toBe(409);
      expect((await disable(superadmin.accessToken, otherAdmin.id)).statusCode).toBe(200);
      const enabled = await app.inject({ method: 'POST', url: `/api/v1/users/${customer.id}/enable`, headers: bearer(admin.accessToken) });
      expect(enabled.json().disabled).toBe(false);
      expect((await post('/auth/login', { email: customer.email, password: customer.password })).statusCode).toBe(200);
    });
  });

  describe('documentation', () => {
    it('documents every auth and users endpoint with its success and error responses, and bearer auth where needed', async () => {
      const document = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
      const operation = (path: string, method: string) => document.paths[path]?.[method];
      const expectations: Array<[string, string, string[], boolean]> = [
        ['/api/v1/auth/register', 'post', ['201', '400', '409', '429'], false],
        ['/api/v1/auth/login', 'post', ['200', '400', '401', '429'], false],
        ['/api/v1/auth/refresh', 'post', ['200', '400', '401', '429'], false],
        ['/api/v1/auth/logout', 'post', ['204', '401'], true],
        ['/api/v1/auth/logout-all', 'post', ['204', '401'], true],
        ['/api/v1/users/me', 'get', ['200', '401'], true],
        ['/api/v1/users/me', 'patch', ['200', '400', '401'], true],
        ['/api/v1/users', 'get', ['200', '401', '403'], true],
        ['/api/v1/users/{id}', 'get', ['200', '401', '403', '404'], true],
        ['/api/v1/users/{id}/role', 'patch', ['200', '401', '403', '404', '409'], true],
        ['/api/v1/users/{id}/disable', 'post', ['200', '401', '403', '404', '409'], true],
        ['/api/v1/users/{id}/enable', 'post', ['200', '401', '403', '404', '409'], true],
      ];
      for (const [path, method, statuses, secured] of expectations) {
        const documented = operation(path, method);
        expect({ path, method, statuses: Object.keys(documented?.responses ?? {}) }).toEqual({ path, method, statuses: expect.arrayContaining(statuses) });
        expect({ path, method, secured: Boolean(documented.security?.length) }).toEqual({ path, method, secured });
      }
      expect(operation('/api/v1/auth/login', 'post').requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/LoginDto');
      expect(document.components.schemas.TokenPairDto.properties.accessToken.example).toEqual(expect.any(String));
    });
  });

  describe('roles, in a database of their own (the superadmin count is global)', () => {
    let isolated: NestFastifyApplication;

    beforeAll(async () => {
      isolated = await bootApp({ env: { ...(await isolatedDatabaseEnv()), JWT_ACCESS_SECRET: ACCESS_SECRET } });
    });

    afterAll(async () => {
      await isolated.close();
    });

    it('lets only a superadmin change roles, applies them at once, and never demotes the last superadmin', async () => {
      const [superadmin, admin, customer] = [await signedIn(isolated, Role.Superadmin), await signedIn(isolated, Role.Admin), await signedIn(isolated)];
      const setRole = (token: string, id: string, role: string) =>
        isolated.inject({ method: 'PATCH', url: `/api/v1/users/${id}/role`, headers: bearer(token), payload: { role } });
      expect((await setRole(admin.accessToken, customer.id, 'admin')).statusCode).toBe(403);
      expect((await setRole(superadmin.accessToken, customer.id, 'owner')).statusCode).toBe(400);
      expect((await setRole(superadmin.accessToken, customer.id, 'admin')).json().role).toBe('admin');
      // The customer's existing token carries the new role at once: roles are read per request.
      expect((await isolated.inject({ method: 'GET', url: '/api/v1/users?limit=1', headers: bearer(customer.accessToken) })).statusCode).toBe(200);

      const demoteSelf = await setRole(superadmin.accessToken, superadmin.id, 'admin');
      expect(demoteSelf.statusCode).toBe(409);
      expect(demoteSelf.json().detail).toBe('The last superadmin cannot be demoted');
      expect((await setRole(superadmin.accessToken, admin.id, 'superadmin')).json().role).toBe('superadmin');
      expect((await setRole(superadmin.accessToken, superadmin.id, 'admin')).json().role).toBe('admin');
      // Now demoted, the former superadmin's token no longer passes superadmin checks.
      expect((await setRole(superadmin.accessToken, customer.id, 'customer')).statusCode).toBe(403);
    });
  });

  describe('with an RS256 key pair instead of a shared secret', () => {
    let rs: NestFastifyApplication;
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

    beforeAll(async () => {
      rs = await bootApp({
        env: {
          JWT_ALGORITHM: 'RS256',
          JWT_ACCESS_PRIVATE_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          JWT_ACCESS_PUBLIC_KEY: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        },
      });
    });

    afterAll(async () => {
      await rs.close();
    });

    it('signs with the private key, verifies with the public key, and refuses HS256 tokens keyed with that public key', async () => {
      const user = await signedIn(rs);
      const [header, payload] = user.accessToken
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
      expect(header).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: expect.stringMatching(/^[\w-]{16}$/) });
      const me = await rs.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(user.accessToken) });
      expect(me.statusCode).toBe(200);
      const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' });
      const confused = forge({ alg: 'HS256', typ: 'at+jwt' }, payload, (input) => createHmac('sha256', publicPem).update(input).digest('base64url'));
      expect((await rs.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(confused) })).statusCode).toBe(401);
    });
  });
});
