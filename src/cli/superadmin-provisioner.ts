import { Injectable } from '@nestjs/common';
import { length } from 'class-validator';
import { PasswordHasher } from '../auth/password-hasher';
import { ProblemException, ValidationProblemException } from '../common/problem/problem.exception';
import { assertPasswordAcceptable, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../users/password-policy';
import { Role } from '../users/role';
import { type LoginCandidate, UsersRepository } from '../users/users.repository';
import { CliError } from './cli-error';

export interface ProvisionResult {
  /** `unchanged`: --promote found the account already superadmin. */
  outcome: 'created' | 'promoted' | 'unchanged';
  id: string;
  email: string;
  role: Role.Superadmin;
  disabled: boolean;
}

export const emailTaken = (email: string) =>
  new CliError(`an account with the email address ${email} already exists; nothing was changed (--promote makes it superadmin and keeps its password)`);

/** Creates or promotes superadmins with the same rules as the API: password policy, argon2id, one account per email. */
@Injectable()
export class SuperadminProvisioner {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Read on the primary, so an account created a moment ago is seen. */
  findByEmail(email: string): Promise<LoginCandidate | null> {
    return this.users.findLoginCandidate(email);
  }

  async create(email: string, password: string): Promise<ProvisionResult> {
    assertPasswordPolicy(password, email);
    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.users.create({ email, passwordHash, role: Role.Superadmin });
      return { outcome: 'created', id: user.id, email: user.email, role: Role.Superadmin, disabled: user.disabled };
    } catch (error) {
      // Someone created the address between our look-up and the insert; the unique index decided.
      if (error instanceof ProblemException && error.getStatus() === 409) throw emailTaken(email);
      throw error;
    }
  }

  /** Changes the role only: the password, sessions and the disabled flag stay as they are. */
  async promote(user: LoginCandidate): Promise<ProvisionResult> {
    const result = { id: user.id, email: user.email, role: Role.Superadmin as const, disabled: user.disabled };
    if (user.role === Role.Superadmin) return { outcome: 'unchanged', ...result };
    await this.users.update(user.id, { role: Role.Superadmin });
    return { outcome: 'promoted', ...result };
  }
}

/** The API checks the length in its DTOs and the rest in assertPasswordAcceptable; the CLI has no DTO, so both here. */
function assertPasswordPolicy(password: string, email: string): void {
  if (!password) throw new CliError('no password given: write it as one line on stdin, or use --password-file');
  if (!length(password, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)) {
    throw new CliError(`the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
  try {
    assertPasswordAcceptable(password, email);
  } catch (error) {
    if (error instanceof ValidationProblemException) throw new CliError(error.errors.map((problem) => problem.message).join('; '));
    throw error;
  }
}
