import { createPrivateKey, createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { registerAs } from '@nestjs/config';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import {
  developmentSecretsFile,
  DevelopmentSecretsError,
  type DevelopmentSecrets,
  type PemKeyPair,
  readOrCreateDevelopmentSecrets,
} from './development-secrets';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt } from './env-transforms';

/** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output (256 bits for HS256). */
export const MIN_SECRET_BYTES = 32;
export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** The key type (and EC curve) each asymmetric algorithm needs (RFC 7518 §3.3, §3.4). */
const KEY_TYPES: Record<Exclude<JwtAlgorithm, 'HS256'>, { type: string; curve?: string }> = {
  RS256: { type: 'rsa' },
  ES256: { type: 'ec', curve: 'prime256v1' },
};
/** RFC 7518 §3.3: RSA keys of 2048 bits or more. */
const MIN_RSA_BITS = 2048;
const PREVIOUS_KEY_VARIABLES = ['JWT_ACCESS_PREVIOUS_SECRET', 'JWT_ACCESS_PREVIOUS_PUBLIC_KEY', 'JWT_REFRESH_PREVIOUS_SECRET'] as const;

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

  /** Key rotation: the HS256 secret used before JWT_ACCESS_SECRET; its tokens pass until JWT_PREVIOUS_KEYS_UNTIL. */
  @IsOptional()
  @IsString()
  JWT_ACCESS_PREVIOUS_SECRET?: string;

  /** Key rotation: the RS256/ES256 public key used before JWT_ACCESS_PUBLIC_KEY. */
  @IsOptional()
  @IsString()
  JWT_ACCESS_PREVIOUS_PUBLIC_KEY?: string;

  /** Key rotation: refresh tokens (and cursors) keyed with this secret are redeemable until JWT_PREVIOUS_KEYS_UNTIL. */
  @IsOptional()
  @IsString()
  JWT_REFRESH_PREVIOUS_SECRET?: string;

  /** End of the grace period of the previous keys; an offset is required so every instance reads the same instant. */
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'must be an ISO-8601 instant such as 2030-01-31T12:00:00Z' })
  @Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'must be an ISO-8601 instant with a time and a time zone, such as 2030-01-31T12:00:00Z',
  })
  JWT_PREVIOUS_KEYS_UNTIL?: string;

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

// Under NODE_ENV=test a missing secret is replaced by a random one per process: tests share no state through files.
const ephemeralSecrets = new Map<string, string>();
function ephemeral(name: string): string {
  if (!ephemeralSecrets.has(name)) ephemeralSecrets.set(name, randomBytes(MIN_SECRET_BYTES).toString('base64url'));
  return ephemeralSecrets.get(name)!;
}

function checkSecret(name: string, value: string | undefined, isProduction: boolean, problems: string[]): void {
  if (!value && isProduction) problems.push(`${name}: required in production (at least ${MIN_SECRET_BYTES} bytes)`);
  if (value && Buffer.byteLength(value) < MIN_SECRET_BYTES) problems.push(`${name}: must be at least ${MIN_SECRET_BYTES} bytes`);
}

function checkKey(name: string, value: string | undefined, kind: 'private' | 'public', algorithm: JwtAlgorithm, problems: string[]): void {
  if (!value) {
    problems.push(`${name}: required when JWT_ALGORITHM is not HS256`);
    return;
  }
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(value) : createPublicKey(value);
  } catch {
    problems.push(`${name}: not a valid PEM ${kind} key`);
    return;
  }
  const expected = KEY_TYPES[algorithm as keyof typeof KEY_TYPES];
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== expected.type || (expected.curve && details?.namedCurve !== expected.curve)) {
    problems.push(`${name}: not a key for ${algorithm} (${expected.curve ? `EC ${expected.curve}` : 'RSA'} expected)`);
  } else if (expected.type === 'rsa' && (details?.modulusLength ?? 0) < MIN_RSA_BITS) {
    problems.push(`${name}: RSA keys must have at least ${MIN_RSA_BITS} bits`);
  }
}

/** Compares public keys by their DER encoding, so two PEM spellings of one key count as the same key. */
function samePublicKey(left: string, right: string): boolean {
  try {
    const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
    return der(left).equals(der(right));
  } catch {
    return false;
  }
}

/** A previous access key needs its current counterpart, must differ from it and suit the algorithm. */
function checkPreviousAccessKey(parsed: AuthEnvironment, problems: string[]): void {
  const { JWT_ALGORITHM: algorithm, JWT_ACCESS_PREVIOUS_SECRET: secret, JWT_ACCESS_PREVIOUS_PUBLIC_KEY: publicKey } = parsed;
  if (secret) {
    if (algorithm !== 'HS256') problems.push('JWT_ACCESS_PREVIOUS_SECRET: only used with JWT_ALGORITHM=HS256 (set JWT_ACCESS_PREVIOUS_PUBLIC_KEY instead)');
    else if (!parsed.JWT_ACCESS_SECRET) problems.push('JWT_ACCESS_PREVIOUS_SECRET: set without JWT_ACCESS_SECRET');
    else if (secret === parsed.JWT_ACCESS_SECRET) problems.push('JWT_ACCESS_PREVIOUS_SECRET: must differ from JWT_ACCESS_SECRET');
    else if (secret === parsed.JWT_REFRESH_SECRET) problems.push('JWT_ACCESS_PREVIOUS_SECRET: must differ from JWT_REFRESH_SECRET');
    else checkSecret('JWT_ACCESS_PREVIOUS_SECRET', secret, false, problems);
  }
  if (publicKey) {
    if (algorithm === 'HS256')
      problems.push('JWT_ACCESS_PREVIOUS_PUBLIC_KEY: only used with JWT_ALGORITHM=RS256 or ES256 (set JWT_ACCESS_PREVIOUS_SECRET instead)');
    else if (parsed.JWT_ACCESS_PUBLIC_KEY && samePublicKey(publicKey, parsed.JWT_ACCESS_PUBLIC_KEY)) {
      problems.push('JWT_ACCESS_PREVIOUS_PUBLIC_KEY: must differ from JWT_ACCESS_PUBLIC_KEY');
    } else checkKey('JWT_ACCESS_PREVIOUS_PUBLIC_KEY', publicKey, 'public', algorithm, problems);
  }
}

function checkPreviousRefreshSecret(parsed: AuthEnvironment, problems: string[]): void {
  const secret = parsed.JWT_REFRESH_PREVIOUS_SECRET;
  if (!secret) return;
  if (!parsed.JWT_REFRESH_SECRET) problems.push('JWT_REFRESH_PREVIOUS_SECRET: set without JWT_REFRESH_SECRET');
  else if (secret === parsed.JWT_REFRESH_SECRET) problems.push('JWT_REFRESH_PREVIOUS_SECRET: must differ from JWT_REFRESH_SECRET');
  else if (secret === parsed.JWT_ACCESS_SECRET || secret === parsed.JWT_ACCESS_PREVIOUS_SECRET) {
    problems.push('JWT_REFRESH_PREVIOUS_SECRET: must differ from the access-token secrets');
  } else checkSecret('JWT_REFRESH_PREVIOUS_SECRET', secret, false, problems);
}

/**
 * Previous keys need the instant that ends their grace period. That instant alone is refused too: it means a
 * previous key failed to arrive, and the rotation would sign everyone out after all.
 */
function checkGracePeriod(parsed: AuthEnvironment, problems: string[]): void {
  const until = parsed.JWT_PREVIOUS_KEYS_UNTIL;
  const anyPrevious = PREVIOUS_KEY_VARIABLES.some((name) => parsed[name]);
  if (anyPrevious && !until) problems.push(`JWT_PREVIOUS_KEYS_UNTIL: required when any of ${PREVIOUS_KEY_VARIABLES.join(', ')} is set`);
  if (!anyPrevious && until) problems.push(`JWT_PREVIOUS_KEYS_UNTIL: set without a previous key (${PREVIOUS_KEY_VARIABLES.join(', ')})`);
  // No token signed with a previous key outlives a refresh session: a later instant would only widen the exposure.
  // An instant already past is fine: the previous keys are then simply refused, and a restart must not fail.
  if (until && Date.parse(until) > Date.now() + parsed.JWT_REFRESH_TTL_SECONDS * 1000) {
    problems.push('JWT_PREVIOUS_KEYS_UNTIL: must be at most JWT_REFRESH_TTL_SECONDS from now');
  }
}

/**
 * In development (the default NODE_ENV) what the environment leaves unset comes from a file kept under `.data/`,
 * so tokens survive restarts; see development-secrets.ts. Undefined when nothing is missing or in other modes.
 */
function keptDevelopmentSecrets(env: Environment, parsed: AuthEnvironment, problems: string[]): DevelopmentSecrets | undefined {
  if ((env.NODE_ENV || 'development') !== 'development') return undefined;
  const symmetric = parsed.JWT_ALGORITHM === 'HS256';
  const accessUnset = symmetric ? !parsed.JWT_ACCESS_SECRET : !parsed.JWT_ACCESS_PRIVATE_KEY && !parsed.JWT_ACCESS_PUBLIC_KEY;
  if (!accessUnset && parsed.JWT_REFRESH_SECRET) return undefined;
  const file = developmentSecretsFile(env);
  try {
    return readOrCreateDevelopmentSecrets(file);
  } catch (error) {
    const unset = !accessUnset ? 'JWT_REFRESH_SECRET' : symmetric ? 'JWT_ACCESS_SECRET' : 'JWT_ACCESS_PRIVATE_KEY';
    const reason = error instanceof DevelopmentSecretsError ? error.message : `cannot create it (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`;
    problems.push(`${unset}: unset, and the development secrets file ${file} is unusable: ${reason}; delete the file, or set the JWT variables`);
    return undefined;
  }
}

/** The access-token key pair: the environment's, or in development with neither key set, the kept one. */
function accessKeyPair(parsed: AuthEnvironment, kept: DevelopmentSecrets | undefined): Partial<PemKeyPair> {
  const fromEnvironment = { JWT_ACCESS_PRIVATE_KEY: parsed.JWT_ACCESS_PRIVATE_KEY, JWT_ACCESS_PUBLIC_KEY: parsed.JWT_ACCESS_PUBLIC_KEY };
  // Half a pair from the environment is a mistake to report, not to complete.
  if (!kept || parsed.JWT_ALGORITHM === 'HS256' || fromEnvironment.JWT_ACCESS_PRIVATE_KEY || fromEnvironment.JWT_ACCESS_PUBLIC_KEY) return fromEnvironment;
  return kept[parsed.JWT_ALGORITHM];
}

export function authConfigFrom(env: Environment) {
  const parsed = validateEnvironment(AuthEnvironment, env);
  const isProduction = env.NODE_ENV === 'production';
  const symmetric = parsed.JWT_ALGORITHM === 'HS256';
  const problems: string[] = [];
  const kept = keptDevelopmentSecrets(env, parsed, problems);
  const keyPair = accessKeyPair(parsed, kept);
  if (symmetric) checkSecret('JWT_ACCESS_SECRET', parsed.JWT_ACCESS_SECRET, isProduction, problems);
  else {
    checkKey('JWT_ACCESS_PRIVATE_KEY', keyPair.JWT_ACCESS_PRIVATE_KEY, 'private', parsed.JWT_ALGORITHM, problems);
    checkKey('JWT_ACCESS_PUBLIC_KEY', keyPair.JWT_ACCESS_PUBLIC_KEY, 'public', parsed.JWT_ALGORITHM, problems);
  }
  checkSecret('JWT_REFRESH_SECRET', parsed.JWT_REFRESH_SECRET, isProduction, problems);
  if (parsed.JWT_ACCESS_SECRET && parsed.JWT_ACCESS_SECRET === parsed.JWT_REFRESH_SECRET) {
    problems.push('JWT_REFRESH_SECRET: must differ from JWT_ACCESS_SECRET');
  }
  checkPreviousAccessKey(parsed, problems);
  checkPreviousRefreshSecret(parsed, problems);
  checkGracePeriod(parsed, problems);
  if (parsed.LOGIN_LOCKOUT_MAX_SECONDS < parsed.LOGIN_LOCKOUT_BASE_SECONDS) {
    problems.push('LOGIN_LOCKOUT_MAX_SECONDS: must not be less than LOGIN_LOCKOUT_BASE_SECONDS');
  }
  if (problems.length) throw new ConfigValidationError(problems);

  const accessSecret = parsed.JWT_ACCESS_SECRET ?? kept?.JWT_ACCESS_SECRET ?? ephemeral('access');
  return {
    algorithm: parsed.JWT_ALGORITHM,
    /** What signs access tokens: the HS256 secret or the PEM private key. */
    accessSigningKey: symmetric ? accessSecret : keyPair.JWT_ACCESS_PRIVATE_KEY!,
    /** What verifies them: the same secret, or the PEM public key. */
    accessVerifyKey: symmetric ? accessSecret : keyPair.JWT_ACCESS_PUBLIC_KEY!,
    refreshSecret: parsed.JWT_REFRESH_SECRET ?? kept?.JWT_REFRESH_SECRET ?? ephemeral('refresh'),
    previousKeys: previousKeysOf(parsed),
    /** Random per process (NODE_ENV=test without secrets): tokens die with the process. */
    secretsAreEphemeral: !kept && ((symmetric && !parsed.JWT_ACCESS_SECRET) || !parsed.JWT_REFRESH_SECRET),
    issuer: parsed.JWT_ISSUER,
    audience: parsed.JWT_AUDIENCE,
    accessTtlSeconds: parsed.JWT_ACCESS_TTL_SECONDS,
    refreshTtlSeconds: parsed.JWT_REFRESH_TTL_SECONDS,
    clockToleranceSeconds: parsed.JWT_CLOCK_TOLERANCE_SECONDS,
    argon2: { memoryCost: parsed.ARGON2_MEMORY_KIB, timeCost: parsed.ARGON2_TIME_COST, parallelism: parsed.ARGON2_PARALLELISM },
    lockout: { threshold: parsed.LOGIN_LOCKOUT_THRESHOLD, baseSeconds: parsed.LOGIN_LOCKOUT_BASE_SECONDS, maxSeconds: parsed.LOGIN_LOCKOUT_MAX_SECONDS },
  };
}

/** What was current before the last rotation, accepted (never used to sign) until `until`. */
export interface PreviousKeys {
  until: Date;
  /** The previous HS256 secret or PEM public key. */
  accessVerifyKey?: string;
  refreshSecret?: string;
}

function previousKeysOf(parsed: AuthEnvironment): PreviousKeys | undefined {
  if (!parsed.JWT_PREVIOUS_KEYS_UNTIL) return undefined;
  return {
    until: new Date(parsed.JWT_PREVIOUS_KEYS_UNTIL),
    accessVerifyKey: parsed.JWT_ALGORITHM === 'HS256' ? parsed.JWT_ACCESS_PREVIOUS_SECRET : parsed.JWT_ACCESS_PREVIOUS_PUBLIC_KEY,
    refreshSecret: parsed.JWT_REFRESH_PREVIOUS_SECRET,
  };
}

export const authConfig = registerAs('auth', () => authConfigFrom(readEnvironment()));
export type AuthConfig = ReturnType<typeof authConfigFrom>;
