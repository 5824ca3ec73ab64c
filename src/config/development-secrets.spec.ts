import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { authConfigFrom } from './auth.config';
import { ConfigValidationError } from './config-validation.error';
import { assertValidConfiguration } from './configuration';
import { developmentSecretsFile, readOrCreateDevelopmentSecrets } from './development-secrets';
import type { Environment } from './environment';

const run = promisify(execFile);

function problemsOf(check: () => unknown): string[] {
  try {
    check();
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('development secrets', () => {
  let dir: string;
  /** A development environment whose embedded database, and so whose kept secrets, live in a folder of this test. */
  let development: Environment;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-dev-secrets-'));
    development = { NODE_ENV: 'development', EMBEDDED_DATABASE_DIR: join(dir, 'data', 'postgres') };
    file = join(dir, 'data', 'development-secrets.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are kept beside the embedded database, in .data by default', () => {
    expect(developmentSecretsFile({})).toBe(join('.data', 'development-secrets.json'));
    expect(developmentSecretsFile(development)).toBe(file);
  });

  it('are created once, readable by their owner only, and the same on every later load', () => {
    const first = authConfigFrom(development);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = authConfigFrom({ ...development });
    expect(second.accessSigningKey).toBe(first.accessSigningKey);
    expect(second.refreshSecret).toBe(first.refreshSecret);
    expect(first.accessSigningKey).not.toBe(first.refreshSecret);
    expect(Buffer.byteLength(first.accessSigningKey)).toBeGreaterThanOrEqual(32);
    expect(first.secretsAreEphemeral).toBe(false);
    // No draft is left next to it.
    expect(readdirSync(join(dir, 'data'))).toEqual(['development-secrets.json']);
  });

  it('survive a restart, and two processes starting at once on an empty folder agree on them', async () => {
    const script = `
      const { authConfigFrom } = require('./src/config/auth.config');
      const config = authConfigFrom({ NODE_ENV: 'development', EMBEDDED_DATABASE_DIR: process.argv[1] });
      process.stdout.write(JSON.stringify([config.accessSigningKey, config.refreshSecret]));`;
    const boot = async () => {
      const { stdout } = await run(process.execPath, ['-r', 'ts-node/register', '-e', script, development.EMBEDDED_DATABASE_DIR!], {
        cwd: join(__dirname, '..', '..'),
        env: { PATH: process.env.PATH, TS_NODE_SWC: 'true' },
      });
      return JSON.parse(stdout) as [string, string];
    };
    const [first, second] = await Promise.all([boot(), boot()]);
    expect(second).toEqual(first);
    expect(await boot()).toEqual(first);
    expect(authConfigFrom(development)).toMatchObject({ accessSigningKey: first[0], refreshSecret: first[1] });
  }, 60_000);

  it('fill in only what the environment leaves unset', () => {
    const refresh = 'refresh-from-the-environment-'.padEnd(40, 'r');
    const config = authConfigFrom({ ...development, JWT_REFRESH_SECRET: refresh });
    expect(config.refreshSecret).toBe(refresh);
    expect(config.accessSigningKey).toBe(readOrCreateDevelopmentSecrets(file).JWT_ACCESS_SECRET);
  });

  it('are not created when the environment sets every secret', () => {
    authConfigFrom({ ...development, JWT_ACCESS_SECRET: 'a'.repeat(32), JWT_REFRESH_SECRET: 'b'.repeat(32) });
    expect(existsSync(file)).toBe(false);
  });

  it.each(['RS256', 'ES256'] as const)('hold a %s key pair, used when neither key is set', (algorithm) => {
    const config = authConfigFrom({ ...development, JWT_ALGORITHM: algorithm });
    const kept = readOrCreateDevelopmentSecrets(file)[algorithm];
    expect(config).toMatchObject({ algorithm, accessSigningKey: kept.JWT_ACCESS_PRIVATE_KEY, accessVerifyKey: kept.JWT_ACCESS_PUBLIC_KEY });
    expect(problemsOf(() => authConfigFrom({ ...development, JWT_ALGORITHM: algorithm, JWT_ACCESS_PUBLIC_KEY: kept.JWT_ACCESS_PUBLIC_KEY }))).toEqual([
      'JWT_ACCESS_PRIVATE_KEY: required when JWT_ALGORITHM is not HS256',
    ]);
  });

  it('never replace a file that is already there', () => {
    const kept = readOrCreateDevelopmentSecrets(file);
    expect(readOrCreateDevelopmentSecrets(file)).toEqual(kept);
  });

  it('name the file and refuse to start when it is unusable, instead of signing with something else', () => {
    readOrCreateDevelopmentSecrets(file);
    writeFileSync(file, '{"JWT_ACCESS_SECRET":"short"}');
    expect(problemsOf(() => authConfigFrom(development))).toEqual([
      `JWT_ACCESS_SECRET: unset, and the development secrets file ${file} is unusable: it does not hold both secrets and both key pairs; delete the file, or set the JWT variables`,
    ]);
  });

  it('are never used in production, where both secrets stay required and no file is written', () => {
    const production = {
      ...development,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app:pw@db:5432/catalog',
      REDIS_URL: 'redis://redis:6379',
      METRICS_PORT: '9464',
    };
    readOrCreateDevelopmentSecrets(file);
    expect(problemsOf(() => assertValidConfiguration(production))).toEqual([
      expect.stringMatching(/^JWT_ACCESS_SECRET: required in production/),
      expect.stringMatching(/^JWT_REFRESH_SECRET: required in production/),
    ]);
    rmSync(file);
    expect(problemsOf(() => authConfigFrom(production))).toHaveLength(2);
    expect(existsSync(file)).toBe(false);
  });

  it('are not used under NODE_ENV=test: each process draws its own, and writes nothing', () => {
    const config = authConfigFrom({ ...development, NODE_ENV: 'test' });
    expect(config.secretsAreEphemeral).toBe(true);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});
