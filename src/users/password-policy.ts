import { ValidationProblemException } from '../common/problem/problem.exception';

// NIST SP 800-63B §3.1.1.2 / OWASP ASVS 2.1: length over composition rules; an upper bound stops hashing DoS.
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Throws a 400 problem on `field` when the password is the address or its local part. */
export function assertPasswordAcceptable(password: string, email: string, field = 'password'): void {
  const lowered = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (lowered === address || lowered === address.split('@')[0]) {
    throw new ValidationProblemException([{ field, message: `${field} must not be the email address` }]);
  }
}
