import 'reflect-metadata';
import { runCli } from './cli/run-cli';

// Operator commands, e.g. `node dist/src/cli.js migrate` or `… create-superadmin --email … < password` (see src/cli/run-cli.ts).
void runCli(process.argv.slice(2)).then((code) => {
  // Exit explicitly: a paused stdin must not keep a one-shot command (a Kubernetes Job) alive.
  process.exit(code);
});
