import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, Min } from 'class-validator';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt } from './env-transforms';

class JobsEnvironment {
  /** Audit rows older than this many days are deleted by the housekeeping job; unset keeps them forever. */
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  AUDIT_RETENTION_DAYS?: number;
}

export function jobsConfigFrom(env: Environment) {
  const parsed = validateEnvironment(JobsEnvironment, env);
  return { auditRetentionDays: parsed.AUDIT_RETENTION_DAYS };
}

export const jobsConfig = registerAs('jobs', () => jobsConfigFrom(readEnvironment()));
export type JobsConfig = ReturnType<typeof jobsConfigFrom>;
