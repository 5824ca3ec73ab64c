export interface LogOutput {
  nodeEnv: string;
  /** Whether stdout is a terminal (`process.stdout.isTTY`). */
  stdoutIsTerminal: boolean;
}

/**
 * The prettifier for stdout, or undefined for JSON lines. Readable lines only for a developer watching the service
 * in a terminal: whatever reads the logs otherwise is a program (a log shipper, a test, `| jq`, a file) and gets
 * JSON, as production always does. `loadPrettifier` is called only then, since pino-pretty is a devDependency that
 * production installs lack; when it returns undefined (not installed) the lines stay JSON.
 */
export function stdoutPrettifier<T>(output: LogOutput, loadPrettifier: () => T | undefined): T | undefined {
  if (output.nodeEnv !== 'development' || !output.stdoutIsTerminal) return undefined;
  return loadPrettifier();
}
