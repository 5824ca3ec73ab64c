import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_VARIABLES } from '../../src/config/environment';
import { ROOT } from './chart-files';

/** Every environment variable the service validates: the properties of the `*Environment` classes in src/config. */
export function applicationVariables(): Set<string> {
  const dir = join(ROOT, 'src', 'config');
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.config.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const [, body] of source.matchAll(/class \w+Environment \{([\s\S]*?)\n\}/g)) {
      for (const [, name] of body.matchAll(/^ {2}([A-Z][A-Z0-9_]*)[?!]?\s*[:=]/gm)) names.add(name);
    }
  }
  return names;
}

/** Set by the chart's templates from other values, never through `config`. */
export const CHART_MANAGED = ['NODE_ENV', 'HOST', 'PORT', 'METRICS_PORT', 'MIGRATIONS_RUN'];

/**
 * Variables the chart deliberately does not offer: TLS ends at the ingress (the probes speak plain HTTP), and
 * the embedded database is for development without Kubernetes.
 */
export const NOT_FOR_KUBERNETES = [
  'TLS_CERT_FILE',
  'TLS_KEY_FILE',
  'EMBEDDED_DATABASE_DIR',
  'EMBEDDED_DATABASE_PORT',
  // Refused in production (webhooks to private addresses are for development and tests).
  'WEBHOOK_ALLOW_PRIVATE_TARGETS',
];

/** Secret variables the chart takes from a Secret of their own instead of `secrets.env` (see metrics.token). */
export const OWN_SECRET = ['METRICS_TOKEN'];

/** Every name a container of the chart may set: the service's variables, and `<NAME>_FILE` for each secret one. */
export function readableVariableNames(): Set<string> {
  return new Set([...applicationVariables(), ...SECRET_VARIABLES.map((name) => `${name}_FILE`)]);
}
