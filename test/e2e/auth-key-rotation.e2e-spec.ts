import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { accessKeyId } from '../../src/auth/access-token-keys';
import { KEY_ROTATION_CLOCK } from '../../src/auth/key-rotation';
import type { JwtAlgorithm } from '../../src/config/auth.config';
import { Role } from '../../src/users/role';
import { AppWithFixturesModule } from '../fixtures/fixtures.module';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';
import { bearer, createUser, login, signedIn, type TestUser, type Tokens } from '../harness/factories';

/** Added to the real time for the rotated app only, to move it past the end of the grace period without a restart. */
let clockOffsetMs = 0;

@Global()
@Module({ providers: [{ provide: KEY_ROTATION_CLOCK, useValue: () => Date.now() + clockOffsetMs }], exports: [KEY_ROTATION_CLOCK] })
class MovableClockModule {}

@Module({ imports: [MovableClockModule, AppWithFixturesModule] })
class AppWithMovableClockModule {}

interface AccessKey {
  algorithm: JwtAlgorithm;
  /** The secret or PEM public key, from which the key id is derived. */
  verifyKey: string;
  asCurrent: Record<string, string>;
  asPrevious: Record<string, string>;
  sign(input: string): string;
}

function hs256Key(): AccessKey {
  const secret = randomBytes(32).toString('base64url');
  return {
    algorithm: 'HS256',
    verifyKey: secret,
    asCurrent: { JWT_ACCESS_SECRET: secret },
    asPrevious: { JWT_ACCESS_PREVIOUS_SECRET: secret },
    sign: (input) => createHmac('sha256', secret).update(input).digest('base64url'),
  };
}

function es256Key(): AccessKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    algorithm: 'ES256',
    verifyKey: publicPem,
    asCurrent: {
      JWT_ALGORITHM: 'ES256',
      JWT_ACCESS_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      JWT_ACCESS_PUBLIC_KEY: publicPem,
    },
    asPrevious: { JWT_ACCESS_PREVIOUS_PUBLIC_KEY: publicPem },
    // JWS wants the raw r||s signature (RFC 7518 §3.4), not DER.
    sign: (input) => sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'),
  };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const partOf = (token: string, index: 0 | 1) => JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString()) as Record<string, unknown>;
const hmacHex = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('hex');
const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

describe.each([
  ['HS256', hs256Key],
  ['ES256', es256Key],
])('JWT key rotation (%s)', (_algorithm, newKey) => {
  const [keyA, keyB] = [newKey(), newKey()];
  const [refreshA, refreshB] = [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')];
  let appA: NestFastifyApplication;
  let appB: NestFastifyApplication;
  let db: DataSource;
  let admin: TestUser & Tokens;
  let emailPrefix: string;
  let cursorFromA: string;

  const get = (app: NestFastifyApplication, url: string, token: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });
  const refresh = (app: NestFastifyApplication, refreshToken: string) => app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
  const forge = (key: AccessKey, header: Record<string, unknown>, claims: object) => {
    const input = `${b64({ alg: key.algorithm, typ: 'at+jwt', ...header })}.${b64(claims)}`;
    return `${input}.${key.sign(input)}`;
  };
  const tokenRows = async (refreshToken: string, secret: string) =>
    (await db.query(`SELECT 1 FROM refresh_tokens WHERE token_hash = $1`, [hmacHex(secret, refreshToken)])).length;
  const revokedReason = async (userId: string) => (await db.query(`SELECT revoked_reason FROM sessions WHERE user_id = $1`, [userId]))[0].revoked_reason;

  beforeAll(async () => {
    clockOffsetMs = 0;
    appA = await bootApp({ env: { ...keyA.asCurrent, JWT_REFRESH_SECRET: refreshA } });
    db = appA.get(DataSource);
    admin = await signedIn(appA, Role.Admin);
    emailPrefix = `rotation-${randomBytes(6).toString('hex')}`;
    for (const index of [0, 1]) await createUser(appA, { email: `${emailPrefix}-${index}@example.com` });
    // The list reads from the replica: wait until it has replayed the inserts.
    cursorFromA = await waitFor(async () => (await get(appA, `/users?limit=1&email=${emailPrefix}`, admin.accessToken)).json().page?.nextCursor);

    appB = await bootApp({
      module: AppWithMovableClockModule,
      env: {
        ...keyB.asCurrent,
        ...keyA.asPrevious,
        JWT_REFRESH_SECRET: refreshB,
        JWT_REFRESH_PREVIOUS_SECRET: refreshA,
        JWT_PREVIOUS_KEYS_UNTIL: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
  });

  beforeEach(() => {
    clockOffsetMs = 0;
  });

  afterAll(async () => {
    await appA?.close();
    await appB?.close();
  });

  it("names the signing key in each access token's kid", async () => {
    const onB = await signedIn(appB);
    expect(partOf(admin.accessToken, 0)).toEqual({ alg: keyA.algorithm, typ: 'at+jwt', kid: accessKeyId(keyA.algorithm, keyA.verifyKey) });
    expect(partOf(onB.accessToken, 0)).toEqual({ alg: keyB.algorithm, typ: 'at+jwt', kid: accessKeyId(keyB.algorithm, keyB.verifyKey) });
  });

  it("during the grace period accepts the previous key's access tokens and cursors", async () => {
    expect((await get(appB, '/users/me', admin.accessToken)).json()).toMatchObject({ id: admin.id });
    const page = await get(appB, `/users?limit=1&email=${emailPrefix}&cursor=${cursorFromA}`, admin.accessToken);
    expect({ status: page.statusCode, body: page.json() }).toMatchObject({ status: 200, body: { data: [{ email: `${emailPrefix}-0@example.com` }] } });
  });

  it('during the grace period redeems an old refresh token for one hashed with the new secret, which B accepts', async () => {
    const old = await signedIn(appA);
    const redeemed = await refresh(appB, old.refreshToken);
    expect(redeemed.statusCode).toBe(200);
    const next: Tokens = redeemed.json();
    expect(await tokenRows(next.refreshToken, refreshB)).toBe(1);
    expect(await tokenRows(next.refreshToken, refreshA)).toBe(0);
    expect(partOf(next.accessToken, 0).kid).toBe(accessKeyId(keyB.algorithm, keyB.verifyKey));
    expect((await get(appB, '/users/me', next.accessToken)).json()).toMatchObject({ id: old.id });
    expect((await refresh(appB, next.refreshToken)).statusCode).toBe(200);
  });

  it('detects reuse of refresh tokens hashed with the previous secret, spent before or during the rotation', async () => {
    const spentOnA = await signedIn(appA);
    const rotatedOnA: Tokens = (await refresh(appA, spentOnA.refreshToken)).json();
    expect((await refresh(appB, spentOnA.refreshToken)).statusCode).toBe(401);
    expect(await revokedReason(spentOnA.id)).toBe('reuse_detected');
    expect((await refresh(appB, rotatedOnA.refreshToken)).statusCode).toBe(401);

    const spentOnB = await signedIn(appA);
    const rotatedOnB: Tokens = (await refresh(appB, spentOnB.refreshToken)).json();
    expect((await refresh(appB, spentOnB.refreshToken)).statusCode).toBe(401);
    expect(await revokedReason(spentOnB.id)).toBe('reuse_detected');
    expect((await get(appB, '/users/me', rotatedOnB.accessToken)).statusCode).toBe(401);
  });

  it("from JWT_PREVIOUS_KEYS_UNTIL on, without a restart, refuses the previous key's tokens and cursors and keeps B's working", async () => {
    const unspent = await signedIn(appA);
    const swapped: Tokens = (await refresh(appB, (await signedIn(appA)).refreshToken)).json();
    const adminOnB = await login(appB, admin);
    const cursorFromB = (await get(appB, `/users?limit=1&email=${emailPrefix}`, adminOnB.accessToken)).json().page.nextCursor;
    const anyInvalidToken = await get(appB, '/users/me', 'not.a.token');
    const anyInvalidRefresh = await refresh(appB, 'made-up-token');

    clockOffsetMs = 2 * 3_600_000;

    const oldAccess = await get(appB, '/users/me', admin.accessToken);
    expect(oldAccess.statusCode).toBe(401);
    expect(oldAccess.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(withoutRequestId(oldAccess.json())).toEqual(withoutRequestId(anyInvalidToken.json()));
    const oldRefresh = await refresh(appB, unspent.refreshToken);
    expect(oldRefresh.statusCode).toBe(401);
    expect(withoutRequestId(oldRefresh.json())).toEqual(withoutRequestId(anyInvalidRefresh.json()));
    // Refused as unknown, not as reused: the session itself is left alone.
    expect(await revokedReason(unspent.id)).toBeNull();
    const oldCursor = await get(appB, `/users?limit=1&email=${emailPrefix}&cursor=${cursorFromA}`, adminOnB.accessToken);
    expect(oldCursor.statusCode).toBe(400);
    expect(oldCursor.json().code).toBe('INVALID_CURSOR');

    expect((await get(appB, '/users/me', adminOnB.accessToken)).json()).toMatchObject({ id: admin.id });
    const page = await get(appB, `/users?limit=1&email=${emailPrefix}&cursor=${cursorFromB}`, adminOnB.accessToken);
    expect(page.json().data.map((user: { email: string }) => user.email)).toEqual([`${emailPrefix}-0@example.com`]);
    expect((await refresh(appB, adminOnB.refreshToken)).statusCode).toBe(200);
    expect((await get(appB, '/users/me', swapped.accessToken)).statusCode).toBe(200);
    expect((await refresh(appB, swapped.refreshToken)).statusCode).toBe(200);
  });

  it('refuses tokens signed with an unknown key, whatever kid they claim', async () => {
    const onB = await signedIn(appB);
    const claims = partOf(onB.accessToken, 1);
    const unknown = newKey();
    const kidB = accessKeyId(keyB.algorithm, keyB.verifyKey);
    expect((await get(appB, '/users/me', forge(keyB, { kid: kidB }, claims))).statusCode).toBe(200); // the forge helper itself is sound
    const cases: Record<string, string> = {
      'its own kid': forge(unknown, { kid: accessKeyId(unknown.algorithm, unknown.verifyKey) }, claims),
      'no kid': forge(unknown, {}, claims),
      "the current key's kid": forge(unknown, { kid: kidB }, claims),
      "the previous key's kid": forge(unknown, { kid: accessKeyId(keyA.algorithm, keyA.verifyKey) }, claims),
      'a kid that is not a string': forge(keyB, { kid: 42 }, claims),
    };
    for (const [name, token] of Object.entries(cases)) {
      expect({ name, status: (await get(appB, '/users/me', token)).statusCode }).toEqual({ name, status: 401 });
    }
  });
});
