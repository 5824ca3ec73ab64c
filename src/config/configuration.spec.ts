import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appConfigFrom } from './app.config';
import { authConfigFrom } from './auth.config';
import { ConfigValidationError } from './config-validation.error';
import { assertValidConfiguration } from './configuration';
import { databaseConfigFrom } from './database.config';
import { readEnvironment } from './environment';
import { httpConfigFrom } from './http.config';
import { redisConfigFrom } from './redis.config';

const STRONG = 'a'.repeat(32);
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app:pw@db:5432/catalog',
  REDIS_URL: 'redis://redis:6379',
  JWT_ACCESS_SECRET: STRONG,
  JWT_REFRESH_SECRET: 'b'.repeat(32),
  METRICS_TOKEN: 'm'.repeat(24),
};

// Development keeps generated JWT secrets beside the embedded database: here, not in the working tree.
const sandbox = mkdtempSync(join(tmpdir(), 'catalog-configuration-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    assertValidConfiguration({ EMBEDDED_DATABASE_DIR: join(sandbox, 'postgres'), ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('configuration', () => {
  it('boots with no environment at all (development defaults, embedded database, in-process stores)', () => {
    expect(problemsOf({})).toEqual([]);
    const env = readEnvironment({});
    expect(httpConfigFrom(env)).toMatchObject({ host: '127.0.0.1', port: 3000, bodyLimitBytes: 102_400, corsAllowedOrigins: [], trustProxy: false });
    expect(databaseConfigFrom(env)).toMatchObject({ primaryUrl: undefined, replicaUrls: [], poolSize: 10, statementTimeoutMs: 15_000 });
    expect(databaseConfigFrom(env).embedded).toEqual({ dir: '.data/postgres', port: 54_329 });
    expect(redisConfigFrom(env).topology).toBeUndefined();
    expect(appConfigFrom(env)).toMatchObject({ nodeEnv: 'development', migrationsRun: true });
    // Kept in a file (see development-secrets.spec.ts), so tokens outlive a restart.
    expect(authConfigFrom({ EMBEDDED_DATABASE_DIR: join(sandbox, 'postgres') }).secretsAreEphemeral).toBe(false);
  });

  it('reports one line per bad variable, naming it and never its value', () => {
    const problems = problemsOf({
      PORT: '99999',
      DATABASE_POOL_SIZE: 'lots',
      DATABASE_REPLICA_URLS: 'postgres://r1/db, http://secret-host',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((line) => line.split(':')[0]).sort()).toEqual(['DATABASE_POOL_SIZE', 'DATABASE_REPLICA_URLS', 'LOG_LEVEL', 'PORT']);
    expect(problems.join('\n')).not.toMatch(/99999|lots|secret-host|loud/);
  });

  it('accepts a complete production environment and migrates through a separate job there', () => {
    expect(problemsOf(PRODUCTION)).toEqual([]);
    expect(appConfigFrom(PRODUCTION).migrationsRun).toBe(false);
  });

  it.each(['DATABASE_URL', 'REDIS_URL', 'JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'])('requires %s in production', (variable) => {
    const env = { ...PRODUCTION, [variable]: undefined };
    expect(problemsOf(env)).toEqual([expect.stringMatching(new RegExp(`^${variable}: required in production`))]);
  });

  it('protects /metrics in production: a token or a separate port', () => {
    expect(problemsOf({ ...PRODUCTION, METRICS_TOKEN: undefined })).toEqual([expect.stringMatching(/^METRICS_TOKEN: required in production/)]);
    expect(problemsOf({ ...PRODUCTION, METRICS_TOKEN: undefined, METRICS_PORT: '9464' })).toEqual([]);
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toEqual([expect.stringMatching(/^METRICS_TOKEN: /)]);
  });

  it('refuses short or identical JWT secrets', () => {
    expect(problemsOf({ ...PRODUCTION, JWT_ACCESS_SECRET: 'x'.repeat(31) })).toEqual(['JWT_ACCESS_SECRET: must be at least 32 bytes']);
    expect(problemsOf({ ...PRODUCTION, JWT_REFRESH_SECRET: STRONG })).toEqual(['JWT_REFRESH_SECRET: must differ from JWT_ACCESS_SECRET']);
  });

  it('refuses a CORS wildcard in production only', () => {
    expect(problemsOf({ CORS_ALLOWED_ORIGINS: '*' })).toEqual([]);
    expect(problemsOf({ ...PRODUCTION, CORS_ALLOWED_ORIGINS: '*' })).toEqual([expect.stringMatching(/^CORS_ALLOWED_ORIGINS: a wildcard is not allowed/)]);
  });

  it('accepts Redis as a URL, Sentinel or Cluster, but only one of them', () => {
    expect(redisConfigFrom({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'cache' }).topology).toEqual({
      mode: 'sentinel',
      name: 'cache',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
    });
    expect(redisConfigFrom({ REDIS_CLUSTER_NODES: 'n1:7000' }).topology).toEqual({ mode: 'cluster', nodes: [{ host: 'n1', port: 7000 }] });
    expect(problemsOf({ REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'n1:7000' })).toEqual([expect.stringMatching(/^REDIS_CLUSTER_NODES: set only one/)]);
  });

  it('parses TRUST_PROXY as a flag, a hop count or an address list', () => {
    expect(httpConfigFrom({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(httpConfigFrom({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(httpConfigFrom({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('needs both TLS files, readable', () => {
    expect(problemsOf({ TLS_CERT_FILE: '/nonexistent/cert.pem' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^TLS_KEY_FILE: native TLS needs both/), 'TLS_CERT_FILE: cannot read the file it names']),
    );
  });

  describe('secrets from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-secrets-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads <NAME>_FILE, dropping the trailing newline', () => {
      const file = join(dir, 'jwt_access');
      writeFileSync(file, `${STRONG}\n`);
      expect(readEnvironment({ JWT_ACCESS_SECRET_FILE: file }).JWT_ACCESS_SECRET).toBe(STRONG);
      expect(problemsOf({ ...PRODUCTION, JWT_ACCESS_SECRET: undefined, JWT_ACCESS_SECRET_FILE: file })).toEqual([]);
    });

    it('names the variable when the file is unreadable or both forms are set', () => {
      expect(problemsOf({ DATABASE_URL_FILE: join(dir, 'missing') })).toEqual(['DATABASE_URL_FILE: cannot read the file it names']);
      const file = join(dir, 'redis');
      writeFileSync(file, 'redis://r:6379');
      expect(problemsOf({ REDIS_URL: 'redis://x:1', REDIS_URL_FILE: file })).toEqual(['REDIS_URL_FILE: set together with REDIS_URL; set only one of them']);
    });
  });
});
