import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helm/chart-files';
import { ALL_VARIANTS, DEFAULTS, EXAMPLES, LONGEST_RELEASE_NAME, SET_VARIANTS } from '../helm/chart-variants';
import { helmTimeoutSeconds, helmUpgradeCommands } from '../helm/documented-commands';
import { FakeKubeApi } from '../helm/fake-kube-api';
import { Helm } from '../helm/helm-cli';
import { containerHeapCapMiB, quantityMiB } from '../helm/memory';
import { findManifest, hookAnnotation, podSpec, podTemplates, type Manifest } from '../helm/rendered-manifests';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Node needs memory beyond its heap: code, new space, buffers, argon2's 19 MiB per hash. */
const HEADROOM_MIB = 128;

const variantCases = (variants = ALL_VARIANTS) => variants.map((variant) => [variant.name, variant] as const);
const envOf = (job: Manifest) => Object.fromEntries((podSpec(job).containers[0].env ?? []).map(({ name, value }) => [name, value ?? '']));

/** What goes wrong on a running release and on its upgrades: replicas, hook Jobs, names, memory, secrets. */
describe('Helm chart: upgrades, hook Jobs and limits', () => {
  let helm: Helm;
  let dir: string;

  beforeAll(() => {
    helm = new Helm();
    dir = mkdtempSync(join(tmpdir(), 'helm-release-'));
  });

  afterAll(() => {
    helm.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('replicas', () => {
    const replicas = async (options: Parameters<Helm['render']>[0]) => findManifest(await helm.render(options), 'Deployment').spec!.replicas;

    it('are replicaCount while autoscaling is off', async () => {
      expect(await replicas({ set: ['replicaCount=4'] })).toBe(4);
    });

    it('are left to the autoscaler when no Deployment runs yet (first install, or helm template)', async () => {
      expect(await replicas({ set: ['autoscaling.enabled=true'] })).toBeUndefined();
    });

    describe('with the release running 7 pods', () => {
      let api: FakeKubeApi;

      beforeAll(async () => {
        const live = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'catalog-api', spec: { replicas: 7 } };
        api = await FakeKubeApi.start({ release: 'catalog-api', namespace: 'shop', objects: [live] });
      });

      afterAll(() => api.close());

      it('keep the running count when an upgrade turns autoscaling on, instead of dropping to 1', async () => {
        expect(await replicas({ set: ['autoscaling.enabled=true'], kubeconfig: api.kubeconfig(dir) })).toBe(7);
        expect(api.requests).toContain('GET /apis/apps/v1/namespaces/shop/deployments/catalog-api');
        expect(api.requests.filter((request) => !request.startsWith('GET '))).toEqual([]);
      });

      it('are replicaCount again when autoscaling is off', async () => {
        expect(await replicas({ set: ['replicaCount=3'], kubeconfig: api.kubeconfig(dir) })).toBe(3);
      });
    });
  });

  describe('names', () => {
    const longest = SET_VARIANTS.find((variant) => variant.options.release === LONGEST_RELEASE_NAME)!;

    it(`are DNS labels of at most 63 characters, and so are label values, for a ${LONGEST_RELEASE_NAME.length}-character release`, async () => {
      const manifests = await helm.render(longest.options);
      const names = manifests.map((manifest) => manifest.metadata.name);
      expect(names.filter((name) => name.length > 63 || !DNS_LABEL.test(name))).toEqual([]);
      const labels = manifests.flatMap((manifest) => [
        ...Object.values(manifest.metadata.labels ?? {}),
        ...Object.values((manifest.spec?.template as Manifest | undefined)?.metadata.labels ?? {}),
      ]);
      expect(labels.filter((value) => value.length > 63 || !LABEL_VALUE.test(value))).toEqual([]);
      // The Job controller labels each pod with its Job's name.
      const jobs = manifests.filter((manifest) => manifest.kind === 'Job').map((job) => job.metadata.name);
      expect(jobs).toEqual([expect.stringMatching(/-migrations$/), expect.stringMatching(/-create-superadmin$/)]);
    });

    it('of the hook Jobs stay apart for two long releases that differ only in their last character', async () => {
      const jobs = async (release: string) =>
        (await helm.render({ ...longest.options, release })).filter((manifest) => manifest.kind === 'Job').map((job) => job.metadata.name);
      const [first, second] = [await jobs(LONGEST_RELEASE_NAME), await jobs(`${LONGEST_RELEASE_NAME.slice(0, -1)}b`)];
      expect(first.filter((name) => second.includes(name))).toEqual([]);
    });
  });

  describe('migration Job', () => {
    let job: Manifest;

    beforeAll(async () => {
      job = findManifest(await helm.render(), 'Job', '-migrations');
    });

    it('runs as a pre-install/pre-upgrade hook', () => {
      expect(hookAnnotation(job)).toBe('pre-install,pre-upgrade');
    });

    it('ends before the documented `helm upgrade --timeout`, so Helm reports its outcome instead of giving up on it', () => {
      const deadline = job.spec!.activeDeadlineSeconds as number;
      const documented = ['README.md', 'docs/operations.md'].flatMap((file) =>
        helmUpgradeCommands(readFileSync(join(ROOT, file), 'utf8')).filter((command) => !command.includes('--dry-run')),
      );
      expect(documented.length).toBeGreaterThan(0);
      expect(documented.filter((command) => helmTimeoutSeconds(command) <= deadline)).toEqual([]);
    });

    it('lets a statement started after the longest wait for the migration lock finish before its deadline', () => {
      const env = envOf(job);
      const worstCaseMs = Number(env.MIGRATION_ADVISORY_LOCK_WAIT_MS) + Number(env.DATABASE_STATEMENT_TIMEOUT_MS);
      expect(worstCaseMs).toBeGreaterThan(0);
      expect(worstCaseMs).toBeLessThanOrEqual((job.spec!.activeDeadlineSeconds as number) * 1000);
    });
  });

  describe('superadmin Job', () => {
    it.each(variantCases(EXAMPLES))('is off in %s: while on, it runs again on every upgrade and fails it', async (_name, variant) => {
      const manifests = await helm.render(variant.options);
      expect(manifests.filter((manifest) => manifest.metadata.name.endsWith('-create-superadmin'))).toEqual([]);
    });

    it('runs after install or upgrade, and only then', async () => {
      const manifests = await helm.render({
        set: ['createSuperadmin.enabled=true', 'createSuperadmin.email=a@example.com', 'createSuperadmin.passwordSecret.name=pw'],
      });
      expect(hookAnnotation(findManifest(manifests, 'Job', '-create-superadmin'))).toBe('post-install,post-upgrade');
    });
  });

  describe('memory', () => {
    it.each(variantCases())(`every container's limit is at least ${HEADROOM_MIB} MiB above its V8 heap cap: %s`, async (_name, variant) => {
      const containers = podTemplates(await helm.render(variant.options)).flatMap((manifest) =>
        podSpec(manifest).containers.map((container) => ({ manifest, container })),
      );
      expect(containers.length).toBeGreaterThan(0);
      const short = containers
        .map(({ manifest, container }) => ({
          container: `${manifest.metadata.name}/${container.name}`,
          limitMiB: quantityMiB(container.resources?.limits?.memory ?? '0'),
          heapCapMiB: containerHeapCapMiB(container),
        }))
        .filter(({ limitMiB, heapCapMiB }) => limitMiB - heapCapMiB < HEADROOM_MIB);
      expect(short).toEqual([]);
    });

    it('the check sees a NODE_OPTIONS that raises the heap above the limit', async () => {
      const manifests = await helm.render({ set: ['extraEnv[0].name=NODE_OPTIONS', 'extraEnv[0].value=--max-old-space-size=512'] });
      const api = podSpec(findManifest(manifests, 'Deployment')).containers[0];
      expect(containerHeapCapMiB(api)).toBe(512);
      expect(quantityMiB(api.resources!.limits!.memory) - containerHeapCapMiB(api)).toBeLessThan(HEADROOM_MIB);
    });
  });

  describe('metrics token', () => {
    const TOKEN_SECRET = 'catalog-api-metrics-token';

    it('is read by Prometheus from a Secret of its own, which the pods mount for that one key', async () => {
      const manifests = await helm.render({ set: ['serviceMonitor.enabled=true', 'metrics.port=0', `metrics.token.existingSecret=${TOKEN_SECRET}`] });
      const endpoint = (
        findManifest(manifests, 'ServiceMonitor').spec as { endpoints: Array<{ authorization: { credentials: { name: string; key: string } } }> }
      ).endpoints[0];
      expect(endpoint.authorization.credentials).toEqual({ name: TOKEN_SECRET, key: 'metrics-token' });

      const mounted = podTemplates(manifests).flatMap((manifest) => podSpec(manifest).volumes ?? []);
      const fromTokenSecret = mounted.filter((volume) => volume.secret?.secretName === TOKEN_SECRET);
      expect(fromTokenSecret.map((volume) => volume.secret!.items)).toEqual([[{ key: 'metrics-token', path: 'metrics-token' }]]);
      // The release's Secret (JWT keys, database URLs) is another one.
      const releaseSecret = podSpec(findManifest(manifests, 'Deployment')).volumes!.find((volume) => volume.name === 'secrets')!.secret!.secretName;
      expect(releaseSecret).not.toBe(TOKEN_SECRET);
      expect(findManifest(manifests, 'ConfigMap').data!.METRICS_TOKEN_FILE).toBe('/run/secrets/catalog-api-metrics/metrics-token');
    });

    it('is required when /metrics is on the HTTP port', async () => {
      await expect(helm.render({ set: ['metrics.port=0'] })).rejects.toThrow('metrics: set metrics.port or metrics.token.existingSecret');
    });
  });

  describe('Swagger UI', () => {
    const swagger = async (options = DEFAULTS.options) => findManifest(await helm.render(options), 'ConfigMap').data!.SWAGGER_ENABLED;

    it('is off by default and in the production example, on in the development example', async () => {
      const example = (name: string) => EXAMPLES.find((variant) => variant.name === `examples/${name}`)!.options;
      expect(await swagger()).toBe('false');
      expect(await swagger(example('production.yaml'))).toBe('false');
      expect(await swagger(example('development.yaml'))).toBe('true');
    });
  });

  describe('entry points', () => {
    it('are the compiled files the Dockerfile builds; only the hook Job migrates', async () => {
      const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { rootDir: string } };
      // rootDir "." keeps src/ under dist/: src/main.ts -> dist/src/main.js.
      expect(build.compilerOptions.rootDir).toBe('.');
      const manifests = await helm.render({
        set: ['createSuperadmin.enabled=true', 'createSuperadmin.email=a@example.com', 'createSuperadmin.passwordSecret.name=pw'],
      });
      const args = (kind: string, suffix = '') => podSpec(findManifest(manifests, kind, suffix)).containers[0].args;
      expect(args('Deployment')).toEqual(['node', 'dist/src/main.js']);
      expect(args('Job', '-migrations')).toEqual(['node', 'dist/src/cli.js', 'migrate']);
      expect(args('Job', '-create-superadmin')?.slice(0, 3)).toEqual(['node', 'dist/src/cli.js', 'create-superadmin']);
      expect(findManifest(manifests, 'ConfigMap').data!.MIGRATIONS_RUN).toBe('false');
    });
  });

  describe('signals', () => {
    it.each(variantCases())("no container replaces the image's entrypoint (tini), only its command: %s", async (_name, variant) => {
      const containers = podTemplates(await helm.render(variant.options)).flatMap((manifest) => podSpec(manifest).containers);
      expect(containers.length).toBeGreaterThan(0);
      expect(containers.filter((container) => container.command !== undefined || !container.args?.length).map((container) => container.name)).toEqual([]);
    });
  });
});
