import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino, { type Logger } from 'pino';
import { appConfigFrom, type AppConfig } from './config/app.config';
import { ConfigValidationError } from './config/config-validation.error';
import { assertValidConfiguration } from './config/configuration';
import { databaseConfigFrom } from './config/database.config';
import { readEnvironment } from './config/environment';
import { httpConfigFrom } from './config/http.config';
import { redisConfigFrom } from './config/redis.config';
import { configureApp, createFastifyAdapter } from './app.setup';
import { prettyStdout } from './common/logging/pino-options';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { ShutdownState } from './lifecycle/shutdown-state';
import { loadEnvFile } from './observability/env-file';
import { shutdownObservability } from './observability/observability-runtime';

/**
 * Starts the service: validate config (exit 1 listing every problem), start the embedded database when
 * DATABASE_URL is unset outside production, boot Nest, listen, and stop gracefully on SIGTERM/SIGINT.
 */
export async function bootstrap(rootModule: Type<unknown>): Promise<NestFastifyApplication> {
  loadEnvFile();
  try {
    assertValidConfiguration();
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`Invalid configuration, not starting:\n${error.problems.map((problem) => `  ${problem}\n`).join('')}`);
    process.exit(1);
  }

  const env = readEnvironment();
  const app = appConfigFrom(env);
  const http = httpConfigFrom(env);
  const log = pino({ level: app.logLevel, base: { context: 'Bootstrap' } }, prettyStdout(app));

  let embedded: EmbeddedDatabase | undefined;
  const database = databaseConfigFrom(env);
  if (!database.primaryUrl) {
    embedded = await startEmbeddedPostgres(database, log);
    process.env.DATABASE_URL = embedded.url;
    log.warn(`DATABASE_URL is unset: using the embedded PostgreSQL in ${database.embedded.dir} (development only)`);
  }
  if (!redisConfigFrom(env).topology) {
    log.warn('REDIS_URL is unset: cache and rate limits live in this process. Single-instance development mode.');
  }

  try {
    const nest = await NestFactory.create<NestFastifyApplication>(rootModule, createFastifyAdapter(http, app), { bufferLogs: true });
    await configureApp(nest, { app });
    stopGracefully(nest, app, log, embedded);
    await nest.listen({ host: http.host, port: http.port });
    log.info(`Listening on ${http.tls ? 'https' : 'http'}://${http.host}:${http.port} (docs at /docs)`);
    return nest;
  } catch (error) {
    log.fatal({ err: error }, 'The service failed to start');
    await embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

/**
 * SIGTERM/SIGINT: readiness turns 503 at once, the server waits SHUTDOWN_DRAIN_DELAY_MS for load balancers to
 * notice, stops accepting connections, lets in-flight requests finish, then closes pools and queues and flushes
 * buffered errors and spans. Exit 0; exit 1 if all that overruns SHUTDOWN_TIMEOUT_MS.
 */
function stopGracefully(nest: NestFastifyApplication, app: AppConfig, log: Logger, embedded?: EmbeddedDatabase): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Shutting down');
    nest.get(ShutdownState).begin();
    const deadline = setTimeout(() => {
      log.error(`Shutdown overran SHUTDOWN_TIMEOUT_MS (${app.shutdownTimeoutMs} ms); exiting`);
      process.exit(1);
    }, app.shutdownTimeoutMs);
    deadline.unref();
    try {
      if (app.shutdownDrainDelayMs) await new Promise((resolve) => setTimeout(resolve, app.shutdownDrainDelayMs));
      await nest.close();
      // Last: the spans and errors of the requests that just finished are still buffered.
      await shutdownObservability();
      await embedded?.stop();
      log.info('Stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'Shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (received) => void stop(received));
}
