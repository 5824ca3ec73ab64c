import { randomBytes } from 'node:crypto';
import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt } from './env-transforms';

/** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output (256 bits for HS256). */
export const MIN_SECRET_BYTES = 32;

class AuthEnvironment {
  @IsOptional()
  @IsString()
  JWT_ACCESS_SECRET?: string;

  @IsOptional()
  @IsString()
  JWT_REFRESH_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'catalog-api';

  @IsString()
  JWT_AUDIENCE = 'catalog-api';

  @ToInt()
  @IsInt()
  @Min(60)
  @Max(24 * 3_600)
  JWT_ACCESS_TTL_SECONDS = 15 * 60;

  @ToInt()
  @IsInt()
  @Min(3_600)
  @Max(365 * 24 * 3_600)
  JWT_REFRESH_TTL_SECONDS = 30 * 24 * 3_600;
}

// Outside production a missing secret is replaced by a random one per process: tokens then die with it.
const ephemeralSecrets = new Map<string, string>();
function ephemeral(name: string): string {
  if (!ephemeralSecrets.has(name)) ephemeralSecrets.set(name, randomBytes(MIN_SECRET_BYTES).toString('base64url'));
  return ephemeralSecrets.get(name)!;
}

export function authConfigFrom(env: Environment) {
  const parsed = validateEnvironment(AuthEnvironment, env);
  const isProduction = env.NODE_ENV === 'production';
  const problems: string[] = [];
  for (const name of ['JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'] as const) {
    const value = parsed[name];
    if (!value && isProduction) problems.push(`${name}: required in production (at least ${MIN_SECRET_BYTES} bytes)`);
    if (value && Buffer.byteLength(value) < MIN_SECRET_BYTES) problems.push(`${name}: must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (parsed.JWT_ACCESS_SECRET && parsed.JWT_ACCESS_SECRET === parsed.JWT_REFRESH_SECRET) {
    problems.push('JWT_REFRESH_SECRET: must differ from JWT_ACCESS_SECRET');
  }
  if (problems.length) throw new ConfigValidationError(problems);
  return {
    accessSecret: parsed.JWT_ACCESS_SECRET ?? ephemeral('access'),
    refreshSecret: parsed.JWT_REFRESH_SECRET ?? ephemeral('refresh'),
    secretsAreEphemeral: !parsed.JWT_ACCESS_SECRET || !parsed.JWT_REFRESH_SECRET,
    issuer: parsed.JWT_ISSUER,
    audience: parsed.JWT_AUDIENCE,
    accessTtlSeconds: parsed.JWT_ACCESS_TTL_SECONDS,
    refreshTtlSeconds: parsed.JWT_REFRESH_TTL_SECONDS,
  };
}

export const authConfig = registerAs('auth', () => authConfigFrom(readEnvironment()));
export type AuthConfig = ReturnType<typeof authConfigFrom>;
