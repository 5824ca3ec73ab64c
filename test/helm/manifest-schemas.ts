import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { Manifest } from './rendered-manifests';

interface Model {
  prototype: { validate(): void };
}

/** The kinds the chart renders; a new kind fails validation until its model is listed here. */
const MODELS: Record<string, Model> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** `value` wrapped so that every own property the validator reads is added to `read` (as a JSON pointer). */
function recordingReads<T>(value: T, pointer: string, read: Set<string>): T {
  if (!isObject(value)) return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const child: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return child;
      read.add(`${pointer}/${key}`);
      return recordingReads(child, `${pointer}/${key}`, read);
    },
  });
}

/** Properties of `value` whose pointer is not in `read`; below an unread property nothing more is listed. */
function unreadProperties(value: unknown, pointer: string, read: Set<string>): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = `${pointer}/${key}`;
    return read.has(path) ? unreadProperties(child, path, read) : [path];
  });
}

/**
 * Problems of one rendered object against its Kubernetes (or Prometheus operator) schema, one line each.
 *
 * The models' validators are compiled JSON schemas that, like the API server's OpenAPI schemas, allow unknown
 * properties; the API server then drops them with a mere warning, so a misspelt or mis-indented field would
 * silently do nothing. A compiled validator reads every property its schema defines (maps are iterated too), so
 * a property it never read is one the schema does not know: those are refused here.
 */
export function manifestProblems(manifest: Manifest): string[] {
  const name = `${manifest.kind}/${manifest.metadata?.name ?? '?'}`;
  const model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!model) return [`${name}: no schema for ${manifest.apiVersion} ${manifest.kind}`];
  const read = new Set<string>();
  try {
    model.prototype.validate.call(recordingReads(manifest, '', read));
  } catch (error) {
    return [`${name}: ${(error as Error).message}`];
  }
  return unreadProperties(manifest, '', read).map((path) => `${name}: ${path} is not a field of ${manifest.apiVersion} ${manifest.kind}`);
}
