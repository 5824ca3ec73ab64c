import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { spawnTracked } from '../harness/child-processes';
import { bearer, createUser, login } from '../harness/factories';

const ROOT = join(__dirname, '..', '..');
const PASSWORD = 'a long enough superadmin passphrase';
// Each test compiles and runs the CLI in a child process (and hashes with argon2): slow on a loaded machine.
jest.setTimeout(180_000);

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src/cli.ts` as the operator would, against the harness's database, with `stdin` piped in. Killed when the
 * test ends if it is still running (see child-processes.ts).
 */
function runCli(args: string[], { stdin = '', env = {} }: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const child = spawnTracked(process.execPath, ['-r', 'ts-node/register', join('src', 'cli.ts'), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      TS_NODE_SWC: 'true',
      NODE_ENV: 'test',
      DATABASE_URL: process.env.DATABASE_URL,
      DATABASE_REPLICA_URLS: process.env.DATABASE_REPLICA_URLS,
      REDIS_URL: process.env.REDIS_URL,
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    what: `src/cli.ts ${args[0]}`,
  });
  let stdout = '';
  let stderr = '';
  if (!child.stdout || !child.stderr || !child.stdin) throw new Error('the CLI was started without pipes');
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A command that fails before reading stdin closes it: that EPIPE is expected.
  child.stdin.on('error', () => undefined);
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const newEmail = (label: string) => `${label}-${randomUUID()}@example.com`;

describe('CLI create-superadmin', () => {
  let app: NestFastifyApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await bootApp({ module: AppModule });
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
  });

  async function rowOf(email: string): Promise<{ id: string; role: Role; password_hash: string } | undefined> {
    const [row] = await db.query(`SELECT id, role, password_hash FROM users WHERE email = $1`, [email]);
    return row;
  }

  it('creates a superadmin from one line on stdin, hashed with the configured argon2id cost, who can sign in', async () => {
    const email = newEmail('root');
    // Mixed case and spaces: stored normalised, as the API stores it. ARGON2_TIME_COST shows the config is used.
    const { code, stdout, stderr } = await runCli(['create-superadmin', '--email', `  ${email.toUpperCase()} `], {
      stdin: `${PASSWORD}\n`,
      env: { ARGON2_TIME_COST: '3' },
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(stdout);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(result).toEqual({ outcome: 'created', id: expect.any(String), email, role: 'superadmin', disabled: false });

    const row = await rowOf(email);
    expect(row).toMatchObject({ id: result.id, role: Role.Superadmin });
    const [, algorithm, , parameters] = row!.password_hash.split('$');
    expect(algorithm).toBe('argon2id');
    expect(parameters.split(',').sort()).toEqual(['m=19456', 'p=1', 't=3']);

    const tokens = await login(app, { email, password: PASSWORD });
    const me = await app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(tokens.accessToken) });
    expect(me.json()).toMatchObject({ id: result.id, email, role: 'superadmin' });
  });

  it('reads the password from --password-file (a mounted secret), ignoring its trailing newline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-secret-'));
    try {
      const file = join(dir, 'superadmin-password');
      writeFileSync(file, `${PASSWORD}\n`, { mode: 0o600 });
      const email = newEmail('job');
      const { code, stdout } = await runCli(['create-superadmin', '--email', email, '--password-file', file]);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ outcome: 'created', email });
      await expect(login(app, { email, password: PASSWORD })).resolves.toMatchObject({ accessToken: expect.any(String) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a password the policy refuses and creates nothing', async () => {
    const email = newEmail('weak');
    const { code, stdout, stderr } = await runCli(['create-superadmin', '--email', email], { stdin: 'short\n' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('the password must be 12 to 128 characters long');
    expect(await rowOf(email)).toBeUndefined();
  });

  it('refuses when no password is given at all', async () => {
    const email = newEmail('nopassword');
    const { code, stderr } = await runCli(['create-superadmin', '--email', email]);
    expect(code).toBe(1);
    expect(stderr).toContain('no password given');
    expect(await rowOf(email)).toBeUndefined();
  });

  it('refuses an email that already has an account and leaves that account as it was', async () => {
    const existing = await createUser(app, { role: Role.Customer });
    const before = await rowOf(existing.email);
    const { code, stderr } = await runCli(['create-superadmin', '--email', existing.email.toUpperCase()], { stdin: `${PASSWORD}\n` });
    expect(code).toBe(1);
    expect(stderr).toContain('already exists; nothing was changed');
    expect(await rowOf(existing.email)).toEqual(before);
    await expect(login(app, existing)).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('with --promote makes an existing account superadmin, keeping its password', async () => {
    const existing = await createUser(app, { role: Role.Admin });
    const before = await rowOf(existing.email);
    const { code, stdout } = await runCli(['create-superadmin', '--email', existing.email, '--promote']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ outcome: 'promoted', id: existing.id, role: 'superadmin' });
    expect(await rowOf(existing.email)).toEqual({ ...before, role: Role.Superadmin });
    await expect(login(app, existing)).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('checks the configuration first: exit 1, one line per problem, no value echoed', async () => {
    const { code, stderr } = await runCli(['create-superadmin', '--email', newEmail('config')], {
      env: { DATABASE_URL: 'mysql://root:hunter2@db/shop', ARGON2_MEMORY_KIB: '1024' },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ {2}DATABASE_URL: /m);
    expect(stderr).toMatch(/^ {2}ARGON2_MEMORY_KIB: /m);
    expect(stderr).not.toContain('hunter2');
  });
});
