import { accessSync, constants } from 'node:fs';
import { registerAs } from '@nestjs/config';
import { IsInt, IsIP, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt, ToList } from './env-transforms';

class HttpEnvironment {
  @IsIP()
  HOST = '127.0.0.1';

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT = 3000;

  @ToList()
  @Matches(/^(\*|https?:\/\/[^\s/]+)$/, { each: true, message: 'must be a comma-separated list of origins (scheme://host[:port])' })
  CORS_ALLOWED_ORIGINS: string[] = [];

  /** `true`, `false`, a hop count, or a comma-separated list of trusted proxy addresses/CIDRs. */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @ToInt()
  @IsInt()
  @Min(1_024)
  @Max(50 * 1_024 * 1_024)
  BODY_LIMIT_BYTES = 100 * 1_024;

  @IsOptional()
  @IsString()
  TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  TLS_KEY_FILE?: string;
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function httpConfigFrom(env: Environment) {
  const parsed = validateEnvironment(HttpEnvironment, env);
  const problems: string[] = [];
  const isProduction = env.NODE_ENV === 'production';
  if (isProduction && parsed.CORS_ALLOWED_ORIGINS.includes('*')) {
    problems.push('CORS_ALLOWED_ORIGINS: a wildcard is not allowed in production; list the origins');
  }
  if (Boolean(parsed.TLS_CERT_FILE) !== Boolean(parsed.TLS_KEY_FILE)) {
    problems.push(`${parsed.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'}: native TLS needs both TLS_CERT_FILE and TLS_KEY_FILE`);
  }
  for (const name of ['TLS_CERT_FILE', 'TLS_KEY_FILE'] as const) {
    const file = parsed[name];
    if (!file) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch {
      problems.push(`${name}: cannot read the file it names`);
    }
  }
  if (problems.length) throw new ConfigValidationError(problems);
  return {
    host: parsed.HOST,
    port: parsed.PORT,
    corsAllowedOrigins: parsed.CORS_ALLOWED_ORIGINS,
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES,
    tls: parsed.TLS_CERT_FILE && parsed.TLS_KEY_FILE ? { certFile: parsed.TLS_CERT_FILE, keyFile: parsed.TLS_KEY_FILE } : undefined,
  };
}

export const httpConfig = registerAs('http', () => httpConfigFrom(readEnvironment()));
export type HttpConfig = ReturnType<typeof httpConfigFrom>;
