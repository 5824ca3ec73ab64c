import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Values } from './chart-files';

type Env = Record<string, string>;

interface ChartValues {
  http: { port: number };
  metrics: { port: number };
  config: Record<string, string | number | boolean | null>;
  extraEnv: Array<{ name: string; value?: string }>;
  extraVolumeMounts: Array<{ mountPath: string }>;
  secrets: { create: boolean; values: Record<string, string>; mountPath: string; env: Record<string, string> };
}

/** A well-formed stand-in for a secret the cluster holds (the real values never live in the repository). */
function placeholderSecret(name: string): string {
  switch (name) {
    case 'DATABASE_URL':
      return 'postgres://catalog_api:placeholder@postgres-primary:5432/catalog';
    case 'DATABASE_REPLICA_URLS':
      return 'postgres://catalog_api:placeholder@postgres-replica-1:5432/catalog,postgres://catalog_api:placeholder@postgres-replica-2:5432/catalog';
    case 'REDIS_URL':
      return 'redis://redis:6379';
    case 'SENTRY_DSN':
      return 'https://public@sentry.example.com/1';
    case 'METRICS_TOKEN':
      return randomBytes(24).toString('hex');
    default:
      return randomBytes(48).toString('base64');
  }
}

function keyPair(algorithm: string) {
  return algorithm === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/**
 * The environment a pod of the chart gets from `values`, as templates/configmap.yaml renders it, with the
 * files it mounts written under `root` (paths are rewritten there): the Secret's keys (placeholders, or the
 * values of `secrets.values` when the chart creates the Secret) and any other file a config variable names
 * inside an extraVolumeMounts path. A path outside every mount keeps its name, so the service finds no file.
 */
export function renderedEnvironment(values: Values, root: string): Env {
  const chart = values as unknown as ChartValues;
  const env: Env = { NODE_ENV: 'production', HOST: '0.0.0.0', PORT: String(chart.http.port), MIGRATIONS_RUN: 'false' };
  if (chart.metrics.port) env.METRICS_PORT = String(chart.metrics.port);

  const writeFile = (path: string, content: string) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  const mounted = (path: string) => chart.extraVolumeMounts.some(({ mountPath }) => path.startsWith(`${mountPath.replace(/\/$/, '')}/`));
  for (const [name, value] of Object.entries(chart.config)) {
    if (value === null || value === '') continue;
    env[name] = String(value);
    if (name.endsWith('_FILE') && mounted(env[name])) env[name] = writeFile(env[name], 'placeholder file content\n');
  }
  for (const { name, value } of chart.extraEnv) if (value !== undefined) env[name] = value;

  const algorithm = String(chart.config.JWT_ALGORITHM ?? 'HS256');
  const keys: Record<string, string> = {};
  if (algorithm !== 'HS256') {
    const [current, previous] = [keyPair(algorithm), keyPair(algorithm)];
    keys.JWT_ACCESS_PRIVATE_KEY = current.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    keys.JWT_ACCESS_PUBLIC_KEY = current.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    keys.JWT_ACCESS_PREVIOUS_PUBLIC_KEY = previous.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
  for (const [name, key] of Object.entries(chart.secrets.env)) {
    if (!key) continue;
    const content = chart.secrets.create ? chart.secrets.values[key] : (keys[name] ?? placeholderSecret(name));
    env[`${name}_FILE`] = writeFile(join(chart.secrets.mountPath, key), content);
  }
  return env;
}
