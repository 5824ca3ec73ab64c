import { randomBytes } from 'node:crypto';
import { CliError } from '../cli/cli-error';
import type { SuperadminProvisioner } from '../cli/superadmin-provisioner';
import type { Role } from '../users/role';

export const DEMO_ADMIN_EMAIL = 'demo-admin@example.com';

export type DemoAdmin = { created: true; email: string; password: string } | { created: false; email: string; role: Role };

/**
 * A superadmin with a generated password, created once. Only this call ever holds the password (the database keeps
 * its argon2id hash), so an account already there is reported without one.
 */
export async function ensureDemoAdmin(provisioner: SuperadminProvisioner): Promise<DemoAdmin> {
  const existing = await provisioner.findByEmail(DEMO_ADMIN_EMAIL);
  if (existing) return { created: false, email: DEMO_ADMIN_EMAIL, role: existing.role };
  // 144 random bits as 24 URL-safe characters: within the password policy, and easy to copy.
  const password = randomBytes(18).toString('base64url');
  try {
    await provisioner.create(DEMO_ADMIN_EMAIL, password);
  } catch (error) {
    const createdMeanwhile = error instanceof CliError && (await provisioner.findByEmail(DEMO_ADMIN_EMAIL));
    if (createdMeanwhile) return { created: false, email: DEMO_ADMIN_EMAIL, role: createdMeanwhile.role };
    throw error;
  }
  return { created: true, email: DEMO_ADMIN_EMAIL, password };
}
