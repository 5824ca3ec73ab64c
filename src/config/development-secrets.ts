import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_EMBEDDED_DATABASE_DIR } from './database.config';
import type { Environment } from './environment';

const FILE_NAME = 'development-secrets.json';
const SECRET_BYTES = 48;
const ASYMMETRIC = ['RS256', 'ES256'] as const;

export interface PemKeyPair {
  JWT_ACCESS_PRIVATE_KEY: string;
  JWT_ACCESS_PUBLIC_KEY: string;
}

/** What signs and keys tokens in development when the environment does not say; named after the variables it stands for. */
export interface DevelopmentSecrets {
  JWT_ACCESS_SECRET: string;
  JWT_REFRESH_SECRET: string;
  RS256: PemKeyPair;
  ES256: PemKeyPair;
}

/** Thrown when the file exists but cannot be read or is not what this module writes. */
export class DevelopmentSecretsError extends Error {
  override name = 'DevelopmentSecretsError';
}

/**
 * Beside the embedded database, in the folder that holds EMBEDDED_DATABASE_DIR (`.data` by default): all local
 * state in one git-ignored folder, and removing it starts afresh.
 */
export function developmentSecretsFile(env: Environment): string {
  return join(dirname(env.EMBEDDED_DATABASE_DIR || DEFAULT_EMBEDDED_DATABASE_DIR), FILE_NAME);
}

/**
 * The secrets kept in `file`, created on first use (mode 0600), so that tokens outlive a restart of the development
 * service (`npm run start:dev` restarts it on every save). Never used in production, where the secrets are required.
 */
export function readOrCreateDevelopmentSecrets(file: string): DevelopmentSecrets {
  const existing = readIfPresent(file);
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true });
  // Written whole under a name of its own, then linked into place: a reader never sees half a file, and a link,
  // unlike a rename, never replaces one. When two processes start at once, the first link wins and both use it.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(draft, `${JSON.stringify(generate(), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  return readIfPresent(file)!;
}

function readIfPresent(file: string): DevelopmentSecrets | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new DevelopmentSecretsError(`cannot read it (${code ?? 'unknown error'})`);
  }
  return parse(text);
}

function parse(text: string): DevelopmentSecrets {
  let value: Partial<DevelopmentSecrets>;
  try {
    value = JSON.parse(text) as Partial<DevelopmentSecrets>;
  } catch {
    throw new DevelopmentSecretsError('it is not JSON');
  }
  const long = (item: unknown) => typeof item === 'string' && Buffer.byteLength(item) >= 32;
  const pairs = ASYMMETRIC.every((name) => long(value[name]?.JWT_ACCESS_PRIVATE_KEY) && long(value[name]?.JWT_ACCESS_PUBLIC_KEY));
  if (!long(value.JWT_ACCESS_SECRET) || !long(value.JWT_REFRESH_SECRET) || !pairs) {
    throw new DevelopmentSecretsError('it does not hold both secrets and both key pairs');
  }
  return value as DevelopmentSecrets;
}

function generate(): DevelopmentSecrets {
  const secret = () => randomBytes(SECRET_BYTES).toString('base64url');
  return {
    JWT_ACCESS_SECRET: secret(),
    JWT_REFRESH_SECRET: secret(),
    // Both pairs up front, so switching JWT_ALGORITHM never has to rewrite a file another process may be reading.
    RS256: pem(generateKeyPairSync('rsa', { modulusLength: 2048 })),
    ES256: pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' })),
  };
}

function pem({ privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject }): PemKeyPair {
  return {
    JWT_ACCESS_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    JWT_ACCESS_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
