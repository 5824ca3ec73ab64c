import { spawnSync } from 'node:child_process';

export interface ToolResult {
  status: number | null;
  output: string;
}

/** Runs a command-line checker; a missing binary fails loudly (CI installs it, see .ci/run), never skips. */
export function runTool(command: string, args: string[], cwd?: string): ToolResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw new Error(`${command} could not run (${result.error.message}); install it: apt-get install yamllint prometheus`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
