import { existsSync } from 'node:fs';

/**
 * Reads `.env` from the working directory into `process.env` (development convenience; git-ignored).
 * Variables already set win, so calling it again (the instrumentation step, then bootstrap) changes nothing.
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
