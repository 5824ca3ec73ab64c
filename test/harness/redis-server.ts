import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { spawnTracked } from './child-processes';
import { freePort, waitFor } from './free-port';

export interface RedisClients {
  connected: number;
}

/** A real `redis-server` from PATH on loopback, with no persistence (nothing is written to the work tree). */
export class RedisServer {
  private process?: ChildProcess;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  static async start(port?: number): Promise<RedisServer> {
    for (let attempt = 1; ; attempt++) {
      const server = new RedisServer(port ?? (await freePort()));
      try {
        await server.startProcess();
        return server;
      } catch (error) {
        // The free port was taken meanwhile (another test run picks free ports too): try another one.
        if (port !== undefined || !(error instanceof PortTaken) || attempt === 3) throw error;
      }
    }
  }

  /** Starts it again on the same port, as after an outage. */
  async startProcess(): Promise<void> {
    // Lives as long as the test file (a restart inside a test serves the tests after it); killed at its end at the latest.
    const child = spawnTracked('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp'], {
      stdio: 'ignore',
      what: `redis-server on port ${this.port}`,
      scope: 'file',
    });
    this.process = child;
    let spawnError: Error | undefined;
    child.on('error', (error) => (spawnError = error));
    await waitFor(
      async () => {
        if (spawnError) throw new Error(`redis-server could not start (is it installed?): ${spawnError.message}`);
        if (child.exitCode !== null || child.signalCode !== null) throw new PortTaken(this.port);
        // The server answering must be this one, not one of another test run that took the port first.
        const pid = /process_id:(\d+)/.exec(await this.command('INFO server'))?.[1];
        if (pid !== undefined && Number(pid) !== child.pid) throw new PortTaken(this.port);
        return pid !== undefined;
      },
      { what: `redis-server on port ${this.port}`, timeoutMs: 60_000, stopOn: (error) => error instanceof PortTaken },
    ).catch((error: unknown) => {
      if (error instanceof PortTaken) child.kill('SIGKILL');
      throw error;
    });
  }

  /**
   * The clients connected now (this probe excluded). Taken before an outage, {@link waitForClients} then shows when
   * every client of the apps under test is back.
   */
  async clients(): Promise<RedisClients> {
    const info = await this.command('INFO clients');
    const field = (name: string) => {
      const match = new RegExp(`${name}:(\\d+)`).exec(info);
      if (!match) throw new Error(`no ${name} in INFO clients: ${info.slice(0, 200)}`);
      return Number(match[1]);
    };
    return { connected: field('connected_clients') - 1 };
  }

  /**
   * Waits until at least as many clients are connected as `before` (see {@link clients}): after a restart, ioredis
   * reconnects with a backoff of up to 2 s, and an app closed halfway through leaves timers behind that hold the Jest
   * worker past its exit. Blocked clients are not compared: a BullMQ worker issues its blocking wait only while it
   * expects a job soon, so their count at one instant says nothing about whether a worker is back.
   */
  async waitForClients(before: RedisClients, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        const now = await this.clients();
        return now.connected >= before.connected;
      },
      { what: `${before.connected} clients on redis-server on port ${this.port}`, timeoutMs, intervalMs: 250 },
    );
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /**
   * One inline command on a connection of its own, closed after the reply. Plain sockets rather than an ioredis
   * client: ioredis arms a 2 s timer when a client that never connected is disconnected, which keeps a Jest worker
   * from exiting.
   */
  private command(command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: this.port });
      let reply = '';
      socket.setTimeout(5_000, () => socket.destroy(new Error(`no reply to ${command} within 5 s`)));
      socket.on('connect', () => socket.write(`${command}\r\n`));
      socket.on('data', (chunk: Buffer) => {
        reply += chunk.toString('latin1');
        if (complete(reply)) {
          socket.destroy();
          resolve(reply);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => reject(new Error(`connection closed before the reply to ${command}`)));
    });
  }
}

/** Whether `reply` is a whole RESP reply: a simple string or error line, or a bulk string with all its bytes. */
function complete(reply: string): boolean {
  const end = reply.indexOf('\r\n');
  if (end === -1) return false;
  if (reply[0] !== '$') return true;
  const length = Number(reply.slice(1, end));
  return length < 0 || Buffer.byteLength(reply.slice(end + 2), 'latin1') >= length + 2;
}

class PortTaken extends Error {
  constructor(port: number) {
    super(`redis-server did not come up on port ${port}: it exited at once, or another process answers there (port taken)`);
  }
}
