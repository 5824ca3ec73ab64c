import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { registerAs } from '@nestjs/config';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt } from './env-transforms';

/** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output (256 bits for HS256). */
export const MIN_SECRET_BYTES = 32;
export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

class AuthEnvironment {
  @IsIn(JWT_ALGORITHMS)
  JWT_ALGORITHM: JwtAlgorithm = 'HS256';

  /** HS256: the access-token signing secret. */
  @IsOptional()
  @IsString()
  JWT_ACCESS_SECRET?: string;

  /** RS256/ES256: PEM private key that signs access tokens (services that only verify need the public key). */
  @IsOptional()
  @IsString()
  JWT_ACCESS_PRIVATE_KEY?: string;

  @IsOptional()
  @IsString()
  JWT_ACCESS_PUBLIC_KEY?: string;

  /** Keys refresh-token hashes (HMAC-SHA-256): refresh tokens are opaque, never JWTs. */
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

  /** Clock skew tolerated on `exp`/`nbf`/`iat`. */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(300)
  JWT_CLOCK_TOLERANCE_SECONDS = 5;

  // OWASP Password Storage Cheat Sheet minimum for argon2id: m=19456 KiB, t=2, p=1.
  @ToInt()
  @IsInt()
  @Min(19_456)
  @Max(4_194_304)
  ARGON2_MEMORY_KIB = 19_456;

  @ToInt()
  @IsInt()
  @Min(2)
  @Max(20)
  ARGON2_TIME_COST = 2;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(16)
  ARGON2_PARALLELISM = 1;

  /** Consecutive failed logins before each further attempt must wait. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_LOCKOUT_THRESHOLD = 5;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(3_600)
  LOGIN_LOCKOUT_BASE_SECONDS = 30;

  /** The delay doubles per failure up to this cap, so nobody can lock anyone out for longer. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_LOCKOUT_MAX_SECONDS = 15 * 60;
}

// Outside production a missing secret is replaced by a random one per process: tokens then die with it.
const ephemeralSecrets = new Map<string, string>();
function ephemeral(name: string): string {
  if (!ephemeralSecrets.has(name)) ephemeralSecrets.set(name, randomBytes(MIN_SECRET_BYTES).toString('base64url'));
  return ephemeralSecrets.get(name)!;
}

function checkSecret(name: string, value: string | undefined, isProduction: boolean, problems: string[]): void {
  if (!value && isProduction) problems.push(`${name}: required in production (at least ${MIN_SECRET_BYTES} bytes)`);
  if (value && Buffer.byteLength(value) < MIN_SECRET_BYTES) problems.push(`${name}: must be at least ${MIN_SECRET_BYTES} bytes`);
}

function checkKey(name: string, value: string | undefined, kind: 'private' | 'public', problems: string[]): void {
  if (!value) {
    problems.push(`${name}: required when JWT_ALGORITHM is not HS256`);
    return;
  }
  try {
    if (kind === 'private') createPrivateKey(value);
    else createPublicKey(value);
  } catch {
    problems.push(`${name}: not a valid PEM ${kind} key`);
  }
}

export function authConfigFrom(env: Environment) {
  const parsed = validateEnvironment(AuthEnvironment, env);
  const isProduction = env.NODE_ENV === 'production';
  const symmetric = parsed.JWT_ALGORITHM === 'HS256';
  const problems: string[] = [];
  if (symmetric) checkSecret('JWT_ACCESS_SECRET', parsed.JWT_ACCESS_SECRET, isProduction, problems);
  else {
    checkKey('JWT_ACCESS_PRIVATE_KEY', parsed.JWT_ACCESS_PRIVATE_KEY, 'private', problems);
    checkKey('JWT_ACCESS_PUBLIC_KEY', parsed.JWT_ACCESS_PUBLIC_KEY, 'public', problems);
  }
  checkSecret('JWT_REFRESH_SECRET', parsed.JWT_REFRESH_SECRET, isProduction, problems);
  if (parsed.JWT_ACCESS_SECRET && parsed.JWT_ACCESS_SECRET === parsed.JWT_REFRESH_SECRET) {
    problems.push('JWT_REFRESH_SECRET: must differ from JWT_ACCESS_SECRET');
  }
  if (parsed.LOGIN_LOCKOUT_MAX_SECONDS < parsed.LOGIN_LOCKOUT_BASE_SECONDS) {
    problems.push('LOGIN_LOCKOUT_MAX_SECONDS: must not be less than LOGIN_LOCKOUT_BASE_SECONDS');
  }
  if (problems.length) throw new ConfigValidationError(problems);

  const accessSecret = parsed.JWT_ACCESS_SECRET ?? ephemeral('access');
  return {
    algorithm: parsed.JWT_ALGORITHM,
    /** What signs access tokens: the HS256 secret or the PEM private key. */
    accessSigningKey: symmetric ? accessSecret : parsed.JWT_ACCESS_PRIVATE_KEY!,
    /** What verifies them: the same secret, or the PEM public key. */
    accessVerifyKey: symmetric ? accessSecret : parsed.JWT_ACCESS_PUBLIC_KEY!,
    refreshSecret: parsed.JWT_REFRESH_SECRET ?? ephemeral('refresh'),
    secretsAreEphemeral: (symmetric && !parsed.JWT_ACCESS_SECRET) || !parsed.JWT_REFRESH_SECRET,
    issuer: parsed.JWT_ISSUER,
    audience: parsed.JWT_AUDIENCE,
    accessTtlSeconds: parsed.JWT_ACCESS_TTL_SECONDS,
    refreshTtlSeconds: parsed.JWT_REFRESH_TTL_SECONDS,
    clockToleranceSeconds: parsed.JWT_CLOCK_TOLERANCE_SECONDS,
    argon2: { memoryCost: parsed.ARGON2_MEMORY_KIB, timeCost: parsed.ARGON2_TIME_COST, parallelism: parsed.ARGON2_PARALLELISM },
    lockout: { threshold: parsed.LOGIN_LOCKOUT_THRESHOLD, baseSeconds: parsed.LOGIN_LOCKOUT_BASE_SECONDS, maxSeconds: parsed.LOGIN_LOCKOUT_MAX_SECONDS },
  };
}

export const authConfig = registerAs('auth', () => authConfigFrom(readEnvironment()));
export type AuthConfig = ReturnType<typeof authConfigFrom>;
