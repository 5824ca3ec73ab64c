import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'ts-node';
import { DataSource } from 'typeorm';
import { databaseConfigFrom } from '../src/config/database.config';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { runMigrationsExclusively } from '../src/database/migration-runner';
import { killRecordedChildrenNow, STACK_DIR_VARIABLE } from './harness/child-processes';
import { PostgresCluster } from './harness/postgres-cluster';
import { RedisServer } from './harness/redis-server';

export interface TestStack {
  /** Where the workers record the process groups they spawn, for the teardown to kill any left behind. */
  dir: string;
  cluster?: PostgresCluster;
  redis?: RedisServer;
  /** Removes the handlers that tear the stack down when Jest itself is interrupted. */
  releaseSignals?: () => void;
}

declare global {
  var __TEST_STACK__: TestStack | undefined;
}

/**
 * Starts the real services every e2e test uses: a PostgreSQL primary with a streaming replica and a
 * redis-server, on free loopback ports, unless TEST_DATABASE_URL / TEST_REDIS_URL name existing ones.
 * Workers inherit the connection settings through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const stack: TestStack = { dir: mkdtempSync(join(tmpdir(), 'catalog-test-stack-')) };
  globalThis.__TEST_STACK__ = stack;
  process.env[STACK_DIR_VARIABLE] = stack.dir;
  stack.releaseSignals = stopOnSignals(stack);
  try {
    await startStack(stack);
  } catch (error) {
    // Jest runs no teardown after a failed set-up: stop what started.
    stack.releaseSignals();
    await stack.redis?.stop();
    stack.cluster?.stop();
    rmSync(stack.dir, { recursive: true, force: true });
    throw error;
  }
}

async function startStack(stack: TestStack): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    process.env.DATABASE_REPLICA_URLS = process.env.TEST_DATABASE_REPLICA_URLS ?? '';
  } else {
    stack.cluster = await PostgresCluster.start();
    process.env.DATABASE_URL = stack.cluster.primaryUrl;
    process.env.DATABASE_REPLICA_URLS = stack.cluster.replicaUrl;
  }
  if (process.env.TEST_REDIS_URL) {
    process.env.REDIS_URL = process.env.TEST_REDIS_URL;
  } else {
    stack.redis = await RedisServer.start();
    process.env.REDIS_URL = stack.redis.url;
  }
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'silent';
  // Every test file calls from 127.0.0.1 through one Redis: limits stay out of the way unless a test sets its own.
  for (const name of ['RATE_LIMIT_GLOBAL_LIMIT', 'RATE_LIMIT_USER_LIMIT', 'RATE_LIMIT_CREDENTIALS_IP_LIMIT', 'RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT']) {
    process.env[name] ??= '1000000';
  }

  // Migrations are TypeScript files: let TypeORM require them here, outside Jest's module system.
  register({ transpileOnly: true, swc: true });
  const dataSource = new DataSource(buildDataSourceOptions(databaseConfigFrom(process.env)));
  await dataSource.initialize();
  try {
    await runMigrationsExclusively(dataSource, { log: () => undefined });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Jest interrupted (Ctrl-C, a CI job's SIGTERM) runs no global teardown; the processes the tests spawned are in
 * process groups of their own, out of reach of the terminal's signal: stop them, and the services, before going.
 */
function stopOnSignals(stack: TestStack): () => void {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const handler = (signal: NodeJS.Signals) => {
    release();
    // The recorded groups include this stack's redis-server.
    killRecordedChildrenNow(stack.dir);
    try {
      stack.cluster?.stop();
    } finally {
      rmSync(stack.dir, { recursive: true, force: true });
      process.kill(process.pid, signal);
    }
  };
  const release = () => signals.forEach((signal) => process.removeListener(signal, handler));
  signals.forEach((signal) => process.once(signal, handler));
  return release;
}
