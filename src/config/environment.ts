import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Variables that may hold credentials. Each can also be given as `<NAME>_FILE`, a path whose content is the
 * value (Docker and Kubernetes secrets mounted as files). Their values never appear in messages or logs.
 */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'DATABASE_REPLICA_URLS',
  'REDIS_URL',
  'REDIS_PASSWORD',
  'JWT_ACCESS_SECRET',
  'JWT_REFRESH_SECRET',
  'JWT_ACCESS_PRIVATE_KEY',
  'JWT_ACCESS_PUBLIC_KEY',
  'JWT_ACCESS_PREVIOUS_SECRET',
  'JWT_ACCESS_PREVIOUS_PUBLIC_KEY',
  'JWT_REFRESH_PREVIOUS_SECRET',
  'SENTRY_DSN',
  'METRICS_TOKEN',
] as const;

/**
 * The process environment with every `<SECRET>_FILE` replaced by the file's content.
 * Throws {@link ConfigValidationError} naming the variable when a file is unreadable or both forms are set.
 */
export function readEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const env: Record<string, string | undefined> = { ...source };
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const file = source[`${name}_FILE`];
    if (!file) continue;
    if (source[name]) {
      problems.push(`${name}_FILE: set together with ${name}; set only one of them`);
      continue;
    }
    try {
      env[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch {
      problems.push(`${name}_FILE: cannot read the file it names`);
    }
  }
  if (problems.length) throw new ConfigValidationError(problems);
  return env;
}

/**
 * Validates `env` against a class-validator schema and returns the typed instance.
 * Unset variables become `undefined` (empty strings count as unset) so schema defaults apply.
 */
export function validateEnvironment<T extends object>(schema: new () => T, env: Environment): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const instance = plainToInstance(schema, present, { exposeDefaultValues: true });
  const errors = validateSync(instance, { stopAtFirstError: true });
  if (errors.length) throw new ConfigValidationError(errors.flatMap(describe));
  return instance;
}

function describe(error: ValidationError): string[] {
  // class-validator's default messages say "<property> must be …"; we name the variable and never echo its value.
  return Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message.replace(`${error.property} `, '')}`);
}

/** Runs each check, collecting every {@link ConfigValidationError} so one boot reports all problems at once. */
export function collectProblems(checks: Array<() => unknown>): string[] {
  const problems: string[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (error instanceof ConfigValidationError) problems.push(...error.problems);
      else throw error;
    }
  }
  return problems;
}
