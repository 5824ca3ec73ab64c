import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authConfigFrom } from './auth.config';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, type Environment } from './environment';

const ACCESS = 'access-secret-'.padEnd(40, 'a');
const REFRESH = 'refresh-secret-'.padEnd(40, 'r');
const OLD_ACCESS = 'old-access-secret-'.padEnd(40, 'o');
const OLD_REFRESH = 'old-refresh-secret-'.padEnd(40, 'p');
const HOUR_MS = 3_600_000;
const inAnHour = () => new Date(Date.now() + HOUR_MS).toISOString();

const pem = (pair: ReturnType<typeof generateKeyPairSync>) => ({
  privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
});
const ec = () => pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }));
const [EC_CURRENT, EC_OLD] = [ec(), ec()];
const EC_OTHER_CURVE = pem(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }));
const RSA = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }));
const RSA_SHORT = pem(generateKeyPairSync('rsa', { modulusLength: 1024 }));

const HS256: Environment = { NODE_ENV: 'production', JWT_ACCESS_SECRET: ACCESS, JWT_REFRESH_SECRET: REFRESH };
const ES256: Environment = {
  NODE_ENV: 'production',
  JWT_ALGORITHM: 'ES256',
  JWT_ACCESS_PRIVATE_KEY: EC_CURRENT.privateKey,
  JWT_ACCESS_PUBLIC_KEY: EC_CURRENT.publicKey,
  JWT_REFRESH_SECRET: REFRESH,
};

// Development keeps generated JWT secrets beside the embedded database: here, not in the working tree.
const sandbox = mkdtempSync(join(tmpdir(), 'catalog-auth-config-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function problemsOf(env: Environment): string[] {
  try {
    authConfigFrom({ EMBEDDED_DATABASE_DIR: join(sandbox, 'postgres'), ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('authConfigFrom: key rotation', () => {
  it('has no previous keys unless they are configured', () => {
    expect(authConfigFrom(HS256).previousKeys).toBeUndefined();
  });

  it('accepts previous HS256 and refresh secrets with the instant that ends their grace period', () => {
    const until = inAnHour();
    const config = authConfigFrom({
      ...HS256,
      JWT_ACCESS_PREVIOUS_SECRET: OLD_ACCESS,
      JWT_REFRESH_PREVIOUS_SECRET: OLD_REFRESH,
      JWT_PREVIOUS_KEYS_UNTIL: until,
    });
    expect(config.previousKeys).toEqual({ until: new Date(until), accessVerifyKey: OLD_ACCESS, refreshSecret: OLD_REFRESH });
    expect(config.accessVerifyKey).toBe(ACCESS);
    expect(config.refreshSecret).toBe(REFRESH);
  });

  it('accepts a previous public key alone for ES256, and an offset other than Z', () => {
    const config = authConfigFrom({ ...ES256, JWT_ACCESS_PREVIOUS_PUBLIC_KEY: EC_OLD.publicKey, JWT_PREVIOUS_KEYS_UNTIL: '2000-01-01T01:00:00+01:00' });
    expect(config.previousKeys).toEqual({ until: new Date('2000-01-01T00:00:00Z'), accessVerifyKey: EC_OLD.publicKey, refreshSecret: undefined });
  });

  it('boots with an instant already past, so a restart after the grace period does not fail', () => {
    expect(problemsOf({ ...HS256, JWT_REFRESH_PREVIOUS_SECRET: OLD_REFRESH, JWT_PREVIOUS_KEYS_UNTIL: '2000-01-01T00:00:00Z' })).toEqual([]);
  });

  it.each(['JWT_ACCESS_PREVIOUS_SECRET', 'JWT_REFRESH_PREVIOUS_SECRET'])('requires JWT_PREVIOUS_KEYS_UNTIL with %s', (variable) => {
    expect(problemsOf({ ...HS256, [variable]: OLD_ACCESS })).toEqual([expect.stringMatching(/^JWT_PREVIOUS_KEYS_UNTIL: required when any of /)]);
  });

  it('refuses JWT_PREVIOUS_KEYS_UNTIL without a previous key: the key meant to come with it is missing', () => {
    expect(problemsOf({ ...HS256, JWT_PREVIOUS_KEYS_UNTIL: inAnHour() })).toEqual([
      expect.stringMatching(/^JWT_PREVIOUS_KEYS_UNTIL: set without a previous key/),
    ]);
  });

  it.each(['tomorrow', '2030-01-31', '2030-01-31T12:00:00', '2030-02-30T12:00:00Z', '2030-01-31 12:00:00Z', '1896091200'])(
    'refuses %p as the instant: a date-time with a time zone is required',
    (until) => {
      const problems = problemsOf({ ...HS256, JWT_REFRESH_PREVIOUS_SECRET: OLD_REFRESH, JWT_PREVIOUS_KEYS_UNTIL: until });
      expect(problems).toEqual([expect.stringMatching(/^JWT_PREVIOUS_KEYS_UNTIL: must be an ISO-8601 instant/)]);
    },
  );

  it('refuses a grace period longer than a refresh session can live', () => {
    const env = { ...HS256, JWT_REFRESH_TTL_SECONDS: '3600', JWT_REFRESH_PREVIOUS_SECRET: OLD_REFRESH };
    expect(problemsOf({ ...env, JWT_PREVIOUS_KEYS_UNTIL: new Date(Date.now() + 2 * HOUR_MS).toISOString() })).toEqual([
      'JWT_PREVIOUS_KEYS_UNTIL: must be at most JWT_REFRESH_TTL_SECONDS from now',
    ]);
    expect(problemsOf({ ...env, JWT_PREVIOUS_KEYS_UNTIL: new Date(Date.now() + HOUR_MS / 2).toISOString() })).toEqual([]);
  });

  it('refuses previous secrets that are short, equal to a current one, or without a current one', () => {
    const until = { JWT_PREVIOUS_KEYS_UNTIL: inAnHour() };
    expect(problemsOf({ ...HS256, ...until, JWT_ACCESS_PREVIOUS_SECRET: 'x'.repeat(31) })).toEqual(['JWT_ACCESS_PREVIOUS_SECRET: must be at least 32 bytes']);
    expect(problemsOf({ ...HS256, ...until, JWT_REFRESH_PREVIOUS_SECRET: 'x'.repeat(31) })).toEqual(['JWT_REFRESH_PREVIOUS_SECRET: must be at least 32 bytes']);
    expect(problemsOf({ ...HS256, ...until, JWT_ACCESS_PREVIOUS_SECRET: ACCESS })).toEqual(['JWT_ACCESS_PREVIOUS_SECRET: must differ from JWT_ACCESS_SECRET']);
    expect(problemsOf({ ...HS256, ...until, JWT_REFRESH_PREVIOUS_SECRET: REFRESH })).toEqual([
      'JWT_REFRESH_PREVIOUS_SECRET: must differ from JWT_REFRESH_SECRET',
    ]);
    expect(problemsOf({ ...HS256, ...until, JWT_ACCESS_PREVIOUS_SECRET: REFRESH })).toEqual([
      'JWT_ACCESS_PREVIOUS_SECRET: must differ from JWT_REFRESH_SECRET',
    ]);
    expect(problemsOf({ ...HS256, ...until, JWT_REFRESH_PREVIOUS_SECRET: ACCESS })).toEqual([
      'JWT_REFRESH_PREVIOUS_SECRET: must differ from the access-token secrets',
    ]);
    expect(problemsOf({ ...until, JWT_ACCESS_PREVIOUS_SECRET: OLD_ACCESS, JWT_REFRESH_PREVIOUS_SECRET: OLD_REFRESH })).toEqual([
      'JWT_ACCESS_PREVIOUS_SECRET: set without JWT_ACCESS_SECRET',
      'JWT_REFRESH_PREVIOUS_SECRET: set without JWT_REFRESH_SECRET',
    ]);
  });

  it('refuses a previous access key of the wrong kind for the algorithm', () => {
    const until = { JWT_PREVIOUS_KEYS_UNTIL: inAnHour() };
    expect(problemsOf({ ...HS256, ...until, JWT_ACCESS_PREVIOUS_PUBLIC_KEY: EC_OLD.publicKey })).toEqual([
      expect.stringMatching(/^JWT_ACCESS_PREVIOUS_PUBLIC_KEY: only used with JWT_ALGORITHM=RS256 or ES256/),
    ]);
    expect(problemsOf({ ...ES256, ...until, JWT_ACCESS_PREVIOUS_SECRET: OLD_ACCESS })).toEqual([
      expect.stringMatching(/^JWT_ACCESS_PREVIOUS_SECRET: only used with JWT_ALGORITHM=HS256/),
    ]);
    for (const wrong of [RSA.publicKey, EC_OTHER_CURVE.publicKey]) {
      expect(problemsOf({ ...ES256, ...until, JWT_ACCESS_PREVIOUS_PUBLIC_KEY: wrong })).toEqual([
        'JWT_ACCESS_PREVIOUS_PUBLIC_KEY: not a key for ES256 (EC prime256v1 expected)',
      ]);
    }
    expect(problemsOf({ ...ES256, ...until, JWT_ACCESS_PREVIOUS_PUBLIC_KEY: 'not a key' })).toEqual([
      'JWT_ACCESS_PREVIOUS_PUBLIC_KEY: not a valid PEM public key',
    ]);
  });

  it('refuses the current public key as the previous one, however its PEM is spelt', () => {
    const respelt = `\n${EC_CURRENT.publicKey.replace(/\n/g, '\r\n')}`;
    expect(problemsOf({ ...ES256, JWT_PREVIOUS_KEYS_UNTIL: inAnHour(), JWT_ACCESS_PREVIOUS_PUBLIC_KEY: respelt })).toEqual([
      'JWT_ACCESS_PREVIOUS_PUBLIC_KEY: must differ from JWT_ACCESS_PUBLIC_KEY',
    ]);
  });

  it('checks the current asymmetric keys against the algorithm too', () => {
    const rs256 = { ...ES256, JWT_ALGORITHM: 'RS256' };
    expect(problemsOf({ ...rs256, JWT_ACCESS_PRIVATE_KEY: RSA.privateKey, JWT_ACCESS_PUBLIC_KEY: RSA.publicKey })).toEqual([]);
    expect(problemsOf(rs256)).toEqual([
      'JWT_ACCESS_PRIVATE_KEY: not a key for RS256 (RSA expected)',
      'JWT_ACCESS_PUBLIC_KEY: not a key for RS256 (RSA expected)',
    ]);
    expect(problemsOf({ ...rs256, JWT_ACCESS_PRIVATE_KEY: RSA_SHORT.privateKey, JWT_ACCESS_PUBLIC_KEY: RSA_SHORT.publicKey })).toEqual([
      'JWT_ACCESS_PRIVATE_KEY: RSA keys must have at least 2048 bits',
      'JWT_ACCESS_PUBLIC_KEY: RSA keys must have at least 2048 bits',
    ]);
  });

  it('never puts a value in a message', () => {
    const problems = problemsOf({
      ...HS256,
      JWT_ACCESS_PREVIOUS_SECRET: ACCESS,
      JWT_REFRESH_PREVIOUS_SECRET: 'short-previous-refresh',
      JWT_ACCESS_PREVIOUS_PUBLIC_KEY: EC_OLD.publicKey,
      JWT_PREVIOUS_KEYS_UNTIL: '2999-01-01T00:00:00Z',
    });
    expect(problems).toHaveLength(4);
    for (const value of [ACCESS, 'short-previous-refresh', 'BEGIN PUBLIC KEY', '2999']) expect(problems.join('\n')).not.toContain(value);
  });

  describe('previous keys from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-rotation-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each(['JWT_ACCESS_PREVIOUS_SECRET', 'JWT_ACCESS_PREVIOUS_PUBLIC_KEY', 'JWT_REFRESH_PREVIOUS_SECRET'])('reads %s_FILE', (variable) => {
      const file = join(dir, variable);
      writeFileSync(file, `${OLD_ACCESS}\n`);
      expect(readEnvironment({ [`${variable}_FILE`]: file })[variable]).toBe(OLD_ACCESS);
    });
  });
});
