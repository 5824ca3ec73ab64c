import { CliError } from './cli-error';
import { CREATE_SUPERADMIN_USAGE, createSuperadmin } from './create-superadmin.command';
import { DEMO_USAGE, demo } from './demo.command';
import { MIGRATE_USAGE, migrate } from './migrate.command';

interface Command {
  usage: string;
  /**
   * Resolves to the result printed on stdout: one JSON line, or a text as is (for a person, such as the demo's
   * credentials); throws CliError for an expected failure.
   */
  run(args: string[]): Promise<unknown>;
}

const COMMANDS: Record<string, Command> = {
  'create-superadmin': { usage: CREATE_SUPERADMIN_USAGE, run: createSuperadmin },
  demo: { usage: DEMO_USAGE, run: demo },
  migrate: { usage: MIGRATE_USAGE, run: migrate },
};

const USAGE = `Usage: cli <command> [options]   (npm run cli -- <command> …, or node dist/src/cli.js <command> … in the image)

Commands:
${Object.keys(COMMANDS)
  .map((name) => `  ${name}`)
  .join('\n')}

<command> --help describes one.
`;

/** Runs one operator command and returns the exit code. stdout carries only the result; everything else goes to stderr. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(`${name === undefined ? 'No command given.' : `Unknown command: ${name}`}\n\n${USAGE}`);
    return 1;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(command.usage);
    return 0;
  }
  try {
    const result = await command.run(args);
    process.stdout.write(typeof result === 'string' ? result : `${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${name}: ${error.message}\n${error.details.map((line) => `  ${line}\n`).join('')}`);
    } else {
      process.stderr.write(`${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return 1;
  }
}
