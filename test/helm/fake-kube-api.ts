import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** groupVersion, kind, resource: what the chart renders, so Helm can map each object to an API path. */
const RESOURCES: Array<[string, string, string]> = [
  ['v1', 'ConfigMap', 'configmaps'],
  ['v1', 'Secret', 'secrets'],
  ['v1', 'Service', 'services'],
  ['v1', 'ServiceAccount', 'serviceaccounts'],
  ['apps/v1', 'Deployment', 'deployments'],
  ['batch/v1', 'Job', 'jobs'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'],
  ['networking.k8s.io/v1', 'Ingress', 'ingresses'],
  ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'],
  ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets'],
  ['monitoring.coreos.com/v1', 'ServiceMonitor', 'servicemonitors'],
];

export interface LiveObject {
  apiVersion: string;
  kind: string;
  name: string;
  spec: Record<string, unknown>;
}

const groupVersions = [...new Set(RESOURCES.map(([groupVersion]) => groupVersion))];
const basePath = (groupVersion: string) => (groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`);

function discovery(path: string): unknown {
  if (path === '/version') return { major: '1', minor: '33', gitVersion: 'v1.33.0' };
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'] };
  if (path === '/apis') {
    const groups = groupVersions
      .filter((groupVersion) => groupVersion.includes('/'))
      .map((groupVersion) => {
        const [name, version] = groupVersion.split('/');
        return { name, versions: [{ groupVersion, version }], preferredVersion: { groupVersion, version } };
      });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  const groupVersion = groupVersions.find((candidate) => basePath(candidate) === path);
  if (!groupVersion) return undefined;
  const resources = RESOURCES.filter(([version]) => version === groupVersion).map(([, kind, name]) => ({
    name,
    kind,
    namespaced: true,
    singularName: kind.toLowerCase(),
    verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'],
  }));
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

/**
 * A Kubernetes API server on loopback that knows only discovery and a few live objects of one Helm release, for
 * rendering with `--dry-run=server`: that is the only way to make the chart's `lookup` see a running cluster
 * without one. Every request is recorded, so a test can also check that rendering never writes.
 */
export class FakeKubeApi {
  readonly requests: string[] = [];
  private server?: Server;

  private constructor(
    private readonly release: string,
    private readonly namespace: string,
    private readonly objects: LiveObject[],
  ) {}

  static async start(options: { release: string; namespace: string; objects: LiveObject[] }): Promise<FakeKubeApi> {
    const api = new FakeKubeApi(options.release, options.namespace, options.objects);
    const server = createServer((request, response) => api.answer(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api.server = server;
    return api;
  }

  /** A kubeconfig for this server, written into `dir`. */
  kubeconfig(dir: string): string {
    const { port } = this.server!.address() as AddressInfo;
    const path = join(dir, `fake-kube-api-${port}.yaml`);
    writeFileSync(
      path,
      `apiVersion: v1
kind: Config
clusters: [{ name: fake, cluster: { server: "http://127.0.0.1:${port}" } }]
contexts: [{ name: fake, context: { cluster: fake, namespace: ${this.namespace} } }]
current-context: fake
`,
    );
    return path;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0];
    this.requests.push(`${request.method} ${path}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const found = request.method === 'GET' ? (discovery(path) ?? this.liveObject(path)) : undefined;
    if (found) send(200, found);
    else send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
  }

  private liveObject(path: string): unknown {
    const object = this.objects.find((candidate) => {
      const resource = RESOURCES.find(([groupVersion, kind]) => groupVersion === candidate.apiVersion && kind === candidate.kind)?.[2];
      return path === `${basePath(candidate.apiVersion)}/namespaces/${this.namespace}/${resource}/${candidate.name}`;
    });
    if (!object) return undefined;
    // Helm adopts an existing object only when it carries the release's ownership metadata.
    const metadata = {
      name: object.name,
      namespace: this.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: { 'meta.helm.sh/release-name': this.release, 'meta.helm.sh/release-namespace': this.namespace },
    };
    return { apiVersion: object.apiVersion, kind: object.kind, metadata, spec: object.spec };
  }
}
