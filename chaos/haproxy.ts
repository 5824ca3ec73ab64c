import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '../test/harness/free-port';

export interface HaproxyLayout {
  dir: string;
  /** The HTTP frontend the load generator talks to. */
  httpPort: number;
  /** The TCP frontend the service's DATABASE_URL names: the "DNS name" of the primary. */
  databasePort: number;
  /** The primary's real port, where the database frontend sends connections until {@link Haproxy.pointDatabaseAt}. */
  primaryPort: number;
  /** Instance name → port. */
  apps: Array<{ name: string; port: number }>;
}

/**
 * Health checks every 500 ms; three failures take an instance out (1.5 s after it turns unready), two successes
 * bring it back. A check may take 5 s: on a busy machine a slow answer is not a dead instance.
 */
export const CHECK_INTERVAL_MS = 500;
export const CHECK_FALL = 3;

/**
 * The load balancer of the suite:
 * - `api` (HTTP): round robin over the instances, health-checked on `/health/ready`. A connection an instance
 *   refuses (or closes without an answer) is retried on another one (`retry-on`, `option redispatch`); writes
 *   without an Idempotency-Key are retried only when they were never sent (`disable-l7-retry`), since replaying
 *   a POST the instance may have executed is what the client's key exists to make safe. Each answer names the
 *   instance that gave it (`X-Chaos-Server`).
 * - `pg` (TCP): one server, the current primary. A promotion moves its address through the runtime API, as a
 *   DNS record or a virtual IP would move.
 * Logs one line per request and per connection (epoch ms first) to its stdout, kept in a file.
 */
function configuration(layout: HaproxyLayout): string {
  const socket = join(layout.dir, 'haproxy.sock');
  return `global
  stats socket ${socket} mode 600 level admin
  maxconn 4000
  log stdout format raw local0 info

defaults
  log global
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  timeout queue 10s
  timeout check 5s

frontend api
  mode http
  bind 127.0.0.1:${layout.httpPort}
  timeout http-request 10s
  timeout http-keep-alive 30s
  log-format "%Ts.%ms %b/%s %ST %tsc retries=%rc Tq=%TR Tw=%Tw Tc=%Tc Tr=%Tr Ta=%Ta %{+Q}r"
  default_backend app

backend app
  mode http
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout
  http-request disable-l7-retry if !METH_GET !METH_HEAD !{ req.hdr(idempotency-key) -m found }
  http-response set-header X-Chaos-Server %s
  default-server inter ${CHECK_INTERVAL_MS} fastinter 250 downinter ${CHECK_INTERVAL_MS} fall ${CHECK_FALL} rise 2
${layout.apps.map(({ name, port }) => `  server ${name} 127.0.0.1:${port} check`).join('\n')}

listen pg
  mode tcp
  bind 127.0.0.1:${layout.databasePort}
  timeout client 1h
  timeout server 1h
  # As a DNS name would: a connection to a server that is down fails at once, without retries held in haproxy.
  retries 0
  log-format "%Ts.%ms pg %b/%s %ts bytes=%B Tw=%Tw Tc=%Tc Tt=%Tt"
  default-server inter ${CHECK_INTERVAL_MS} fall 1 rise 1
  server db 127.0.0.1:${layout.primaryPort} check
`;
}

export class Haproxy {
  private constructor(
    private readonly child: ChildProcess,
    private readonly socket: string,
    readonly logFile: string,
  ) {}

  static async start(layout: HaproxyLayout): Promise<Haproxy> {
    const configFile = join(layout.dir, 'haproxy.cfg');
    writeFileSync(configFile, configuration(layout));
    const logFile = join(layout.dir, 'logs', 'haproxy.log');
    const log = openSync(logFile, 'a');
    const child = spawn('haproxy', ['-db', '-f', configFile], { stdio: ['ignore', log, log] });
    closeSync(log);
    let failed: Error | undefined;
    child.once('error', (error) => (failed = error));
    const haproxy = new Haproxy(child, join(layout.dir, 'haproxy.sock'), logFile);
    await waitFor(
      async () => {
        if (failed) throw new Error(`haproxy could not start (is it installed?): ${failed.message}`);
        if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}; see ${logFile}`);
        return (await haproxy.command('show info')).includes('Name: HAProxy');
      },
      { what: 'haproxy', timeoutMs: 10_000 },
    );
    return haproxy;
  }

  /** One command on the runtime API (the stats socket); its answer. */
  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const connection = createConnection(this.socket);
      let answer = '';
      connection.setEncoding('utf8');
      connection.on('data', (chunk: string) => (answer += chunk));
      connection.once('error', reject);
      connection.once('end', () => resolve(answer));
      connection.end(`${line}\n`);
    });
  }

  /** Each server's status in `backend` as the health checks see it (UP, DOWN, MAINT, "UP 1/2"...). */
  async statuses(backend: string): Promise<Map<string, string>> {
    const [header, ...rows] = (await this.command('show stat')).trim().split('\n');
    const columns = header.replace(/^# /, '').split(',');
    const [proxy, server, status] = ['pxname', 'svname', 'status'].map((name) => columns.indexOf(name));
    const found = new Map<string, string>();
    for (const row of rows) {
      const fields = row.split(',');
      if (fields[proxy] === backend && fields[server] !== 'BACKEND' && fields[server] !== 'FRONTEND') found.set(fields[server], fields[status]);
    }
    return found;
  }

  async untilServer(backend: string, server: string, wanted: 'UP' | 'DOWN', timeoutMs = 30_000): Promise<void> {
    await waitFor(async () => (await this.statuses(backend)).get(server) === wanted, {
      what: `haproxy to see ${backend}/${server} ${wanted}`,
      timeoutMs,
      intervalMs: 100,
    });
  }

  /** Moves the database name to another server: new connections go there, the ones still open are cut. */
  async pointDatabaseAt(port: number): Promise<void> {
    const answer = await this.command(`set server pg/db addr 127.0.0.1 port ${port}`);
    if (!/changed|no need to change/i.test(answer)) throw new Error(`haproxy refused to move pg/db: ${answer.trim()}`);
    await this.command('shutdown sessions server pg/db');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
