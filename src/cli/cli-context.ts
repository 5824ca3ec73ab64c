import { existsSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigValidationError } from '../config/config-validation.error';
import { assertValidConfiguration } from '../config/configuration';
import { CliError } from './cli-error';
import { CliModule } from './cli.module';
import { StderrLogger } from './stderr-logger';

/** The same check as the service's boot: every problem, one line each, naming the variable and never its value. */
export function assertCliConfiguration(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    assertValidConfiguration();
  } catch (error) {
    if (error instanceof ConfigValidationError) throw new CliError('invalid configuration:', error.problems);
    throw error;
  }
}

/**
 * Runs `work` in a Nest application context (no HTTP server), closing the database pools afterwards.
 * Without DATABASE_URL outside production this is the embedded development database, which `npm start` must be running.
 */
export async function withCliContext<T>(work: (context: INestApplicationContext) => Promise<T>): Promise<T> {
  let context: INestApplicationContext;
  try {
    // abortOnError: Nest's default is process.abort() on a failed boot; a CLI reports it and exits 1 instead.
    context = await NestFactory.createApplicationContext(CliModule, { logger: new StderrLogger(), abortOnError: false });
  } catch (error) {
    throw new CliError(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
