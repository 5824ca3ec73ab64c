import { parseArgs } from 'node:util';
import { isEmail, maxLength } from 'class-validator';
import { CliError } from './cli-error';
import { assertCliConfiguration, withCliContext } from './cli-context';
import { readPassword } from './read-password';
import { emailTaken, type ProvisionResult, SuperadminProvisioner } from './superadmin-provisioner';

export const CREATE_SUPERADMIN_USAGE = `Usage: create-superadmin --email <address> [--password-file <path>] [--promote]

Creates a superadmin account, e.g. the first one of a new deployment.

  --email <address>        the account's address (trimmed and lower-cased, as the API does)
  --password-file <path>   read the password from this file (e.g. a mounted Kubernetes secret);
                           otherwise it is read from stdin: one line, or prompted for twice on a terminal
  --promote                when the address already has an account, make it superadmin instead of
                           failing (its password is kept; no password is read)

The password follows the API's policy (12 to 128 characters, not the address) and is hashed with argon2id
using the configured ARGON2_* cost. It is never accepted on the command line.
Exit 0 printing one JSON line: {"outcome":"created"|"promoted"|"unchanged","id":…}; exit 1 on any error.
`;

export interface CreateSuperadminOptions {
  email: string;
  passwordFile?: string;
  promote: boolean;
}

export function parseCreateSuperadminArgs(args: string[]): CreateSuperadminOptions {
  // Checked before parsing: the parser's "unexpected argument" message would echo the password.
  if (args.some((arg) => /^--password(=|$)/.test(arg))) {
    throw new CliError('a password is never taken on the command line (shell history, process list): use stdin or --password-file');
  }
  let values: { email?: string; 'password-file'?: string; promote?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { email: { type: 'string' }, 'password-file': { type: 'string' }, promote: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // Never repeat a stray argument: it may well be a password typed in the wrong place.
    if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new CliError('unexpected argument: this command takes options only');
    throw new CliError((error as Error).message);
  }
  const email = values.email?.trim().toLowerCase();
  if (!email) throw new CliError('--email is required');
  // The same rule as RegisterDto, so the account can sign in through the API.
  if (!maxLength(email, 254) || !isEmail(email, { allow_display_name: false, require_tld: false })) throw new CliError('--email is not a valid email address');
  if (values['password-file'] === '') throw new CliError('--password-file needs a path');
  return { email, passwordFile: values['password-file'], promote: values.promote ?? false };
}

export async function createSuperadmin(args: string[]): Promise<ProvisionResult> {
  const options = parseCreateSuperadminArgs(args);
  assertCliConfiguration();
  return withCliContext(async (context) => {
    const provisioner = context.get(SuperadminProvisioner);
    const existing = await provisioner.findByEmail(options.email);
    if (existing && !options.promote) throw emailTaken(options.email);
    if (existing) return provisioner.promote(existing);
    return provisioner.create(options.email, await readPassword(options.passwordFile));
  });
}
