import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { findManifest, podSpec, type Container, type Manifest, type PodSpec } from './rendered-manifests';

type Env = Record<string, string>;

/** A well-formed stand-in for a secret the cluster holds (the real values never live in the repository). */
function placeholderSecret(name: string, algorithm: string): string {
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
    case 'JWT_ACCESS_PRIVATE_KEY':
    case 'JWT_ACCESS_PUBLIC_KEY':
    case 'JWT_ACCESS_PREVIOUS_PUBLIC_KEY':
      return keyPairPem(name, algorithm);
    default:
      return randomBytes(48).toString('base64');
  }
}

const keyPairs = new Map<string, { privateKey: string; publicKey: string }>();

/** One key pair per algorithm, so the private and public key files of a pod belong together. */
function keyPairPem(name: string, algorithm: string): string {
  const id = `${algorithm}:${name === 'JWT_ACCESS_PREVIOUS_PUBLIC_KEY' ? 'previous' : 'current'}`;
  if (!keyPairs.has(id)) {
    const pair = algorithm === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyPairs.set(id, {
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
  }
  const pair = keyPairs.get(id)!;
  return name === 'JWT_ACCESS_PRIVATE_KEY' ? pair.privateKey : pair.publicKey;
}

function renderedSecretValue(manifests: Manifest[], secretName: string, key: string): string | undefined {
  const secret = manifests.find((manifest) => manifest.kind === 'Secret' && manifest.metadata.name === secretName);
  if (!secret) return undefined;
  if (secret.stringData?.[key] !== undefined) return secret.stringData[key];
  const encoded = secret.data?.[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/** What a file in the pod holds: the rendered Secret's value, a placeholder secret, or a placeholder file. */
function fileContent(manifests: Manifest[], pod: PodSpec, volumeName: string, fileName: string, variable: string, env: Env): string {
  const secret = pod.volumes?.find((volume) => volume.name === volumeName)?.secret;
  if (!secret) return 'placeholder file content\n';
  const key = secret.items?.find((item) => item.path === fileName)?.key ?? fileName;
  return renderedSecretValue(manifests, secret.secretName, key) ?? placeholderSecret(variable, env.JWT_ALGORITHM ?? 'HS256');
}

/**
 * The environment the API container of the rendered Deployment starts with: its ConfigMap, its `env`, and every
 * `<NAME>_FILE` pointing into one of its volume mounts rewritten to a file under `root` holding what the pod
 * would find there. A path outside every mount keeps its name, so the service finds no file, as in the pod.
 */
export function podEnvironment(manifests: Manifest[], root: string): Env {
  const pod = podSpec(findManifest(manifests, 'Deployment'));
  const container: Container = pod.containers[0];
  const env: Env = {};
  for (const { configMapRef } of container.envFrom ?? []) {
    if (configMapRef) Object.assign(env, findManifest(manifests, 'ConfigMap', configMapRef.name).data);
  }
  for (const { name, value } of container.env ?? []) if (value !== undefined) env[name] = value;

  for (const [name, path] of Object.entries(env).filter(([variable]) => variable.endsWith('_FILE'))) {
    const mount = container.volumeMounts?.find(({ mountPath }) => path.startsWith(`${mountPath.replace(/\/$/, '')}/`));
    if (!mount) continue;
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, fileContent(manifests, pod, mount.name, relative(mount.mountPath, path), name.replace(/_FILE$/, ''), env));
    env[name] = file;
  }
  return env;
}
