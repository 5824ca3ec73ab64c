import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { assertValidConfiguration } from '../../src/config/configuration';
import { ConfigValidationError } from '../../src/config/config-validation.error';
import { SECRET_VARIABLES } from '../../src/config/environment';
import { applicationVariables, CHART_MANAGED, NOT_FOR_KUBERNETES } from '../helm/app-variables';
import { CHART_DIR, chartValues, EXAMPLES_DIR, exampleValuesFiles, FIXTURES_DIR, HELM_DIR, ROOT, type Values } from '../helm/chart-files';
import { dockerfileProblems, dockerignoreProblems } from '../helm/dockerfile-checks';
import { runTool } from '../helm/external-tool';
import { renderedEnvironment } from '../helm/rendered-environment';
import { metricsDefinedInSource, metricsReadByRules } from '../helm/rule-metrics';
import { missingValuesReferences, valuesReferences } from '../helm/values-references';

interface ObjectSchema {
  properties: Record<string, ObjectSchema>;
}

/**
 * Checks of the Helm chart that run without Helm or a cluster: the values against values.schema.json (what
 * `helm install` enforces), the configuration each values file gives the pods against the service's own boot
 * validation, the templates' `.Values` references, yamllint, promtool, and the Dockerfile. Each check also
 * runs on a broken fixture (test/fixtures/helm) to show it can fail.
 */
describe('Helm chart', () => {
  const examples = exampleValuesFiles();
  const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as ObjectSchema;

  it('ships example values files beside the chart', () => {
    expect(examples).toEqual(expect.arrayContaining(['development.yaml', 'production.yaml']));
  });

  describe('values.schema.json', () => {
    let validate: ValidateFunction;

    beforeAll(() => {
      const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
      addFormats(ajv);
      validate = ajv.compile(schema);
    });

    const problems = (values: Values) => (validate(values) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));

    it('accepts values.yaml', () => {
      expect(problems(chartValues())).toEqual([]);
    });

    it.each(examples)('accepts values.yaml merged with examples/%s', (file) => {
      expect(problems(chartValues(join(EXAMPLES_DIR, file)))).toEqual([]);
    });

    it('refuses a wrong type, a misspelt key and a secret under config', () => {
      validate(chartValues(join(FIXTURES_DIR, 'invalid-values.yaml')));
      const errors = (validate.errors ?? []).map((error) => ({ path: error.instancePath, keyword: error.keyword, params: error.params }));
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: '/replicaCount', keyword: 'type' }),
          expect.objectContaining({ path: '/ingress', keyword: 'additionalProperties', params: { additionalProperty: 'enabeld' } }),
          expect.objectContaining({ path: '/config', keyword: 'additionalProperties', params: { additionalProperty: 'DATABASE_URL' } }),
        ]),
      );
    });
  });

  describe('configuration given to the pods', () => {
    const configNames = Object.keys(schema.properties.config.properties);
    const secretNames = Object.keys(schema.properties.secrets.properties.env.properties);
    let root: string;

    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'helm-env-'));
    });

    afterEach(() => {
      rmSync(root, { recursive: true, force: true });
    });

    /** The service's own boot check (production mode) on what the chart would put in a pod. */
    const bootProblems = (values: Values): string[] => {
      try {
        assertValidConfiguration(renderedEnvironment(values, root));
        return [];
      } catch (error) {
        if (error instanceof ConfigValidationError) return error.problems;
        throw error;
      }
    };

    it('lets `config` set only variables the service reads, and `secrets.env` exactly its secret variables', () => {
      const known = applicationVariables();
      expect(configNames.filter((name) => !known.has(name))).toEqual([]);
      expect([...secretNames].sort()).toEqual([...SECRET_VARIABLES].sort());
      expect(configNames.filter((name) => (SECRET_VARIABLES as readonly string[]).includes(name))).toEqual([]);
    });

    it('can set every variable the service reads, except those it manages itself or leaves out on purpose', () => {
      const offered = new Set([...configNames, ...secretNames, ...CHART_MANAGED, ...NOT_FOR_KUBERNETES]);
      expect([...applicationVariables()].filter((name) => !offered.has(name))).toEqual([]);
    });

    it('gives the pods a configuration the service accepts in production, from values.yaml', () => {
      expect(bootProblems(chartValues())).toEqual([]);
    });

    it.each(examples)('gives the pods a configuration the service accepts in production, from examples/%s', (file) => {
      expect(bootProblems(chartValues(join(EXAMPLES_DIR, file)))).toEqual([]);
    });

    it('reports what the service would refuse at boot', () => {
      expect(bootProblems(chartValues(join(FIXTURES_DIR, 'refused-config-values.yaml')))).toEqual([
        'DATABASE_SSL_CA_FILE: cannot read the file it names',
        'IDEMPOTENCY_LOCK_SECONDS: must not exceed IDEMPOTENCY_TTL_SECONDS',
      ]);
    });
  });

  describe('templates', () => {
    it('reference only values that values.yaml defines', () => {
      expect(missingValuesReferences(join(CHART_DIR, 'templates'), chartValues())).toEqual([]);
    });

    it('flag a template that references a missing value (comments aside)', () => {
      const fixture = readFileSync(join(FIXTURES_DIR, 'templates', 'missing-value.yaml'), 'utf8');
      expect(valuesReferences(fixture)).toEqual(['ingress.hostname', 'cache.ttl', 'image.tag.major', 'http.port']);
      expect(missingValuesReferences(join(FIXTURES_DIR, 'templates'), chartValues())).toEqual([
        'missing-value.yaml: .Values.ingress.hostname: values.yaml has no .Values.ingress.hostname',
        'missing-value.yaml: .Values.cache.ttl: values.yaml has no .Values.cache',
        'missing-value.yaml: .Values.image.tag.major: .Values.image.tag is "", not a map with "major"',
      ]);
    });

    it('start the compiled entry points the Dockerfile builds, and migrate only in the hook Job', () => {
      const template = (name: string) => readFileSync(join(CHART_DIR, 'templates', name), 'utf8');
      const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { rootDir: string } };
      // rootDir "." keeps src/ and migrations/ under dist/: src/main.ts -> dist/src/main.js.
      expect(build.compilerOptions.rootDir).toBe('.');
      expect(template('deployment.yaml')).toContain('args: ["node", "dist/src/main.js"]');
      expect(template('migrations-job.yaml')).toContain('args: ["node", "dist/src/cli.js", "migrate"]');
      expect(template('migrations-job.yaml')).toContain('helm.sh/hook: pre-install,pre-upgrade');
      expect(template('superadmin-job.yaml')).toMatch(/- node\s+- dist\/src\/cli\.js\s+- create-superadmin/);
      expect(template('configmap.yaml')).toContain('MIGRATIONS_RUN: "false"');
    });
  });

  describe('yamllint (helm/.yamllint)', () => {
    const lint = (...paths: string[]) => runTool('yamllint', ['-f', 'parsable', '-c', join(HELM_DIR, '.yamllint'), ...paths], ROOT);

    it('passes on the chart, the examples and the rules (templates excluded)', () => {
      const result = lint('helm');
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });

    it('refuses a file with YAML problems', () => {
      const result = lint(join(FIXTURES_DIR, 'lint-errors.yaml'));
      expect(result.status).not.toBe(0);
      for (const rule of ['key-duplicates', 'trailing-spaces', 'truthy', 'indentation']) expect(result.output).toContain(`(${rule})`);
    });
  });

  describe('Prometheus rules (examples/prometheus-rules.yaml)', () => {
    it('pass `promtool check rules`', () => {
      const result = runTool('promtool', ['check', 'rules', join(EXAMPLES_DIR, 'prometheus-rules.yaml')]);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('fire as their unit tests expect (`promtool test rules`)', () => {
      const result = runTool('promtool', ['test', 'rules', 'prometheus-rules.test.yaml'], EXAMPLES_DIR);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('a broken expression fails the check', () => {
      const result = runTool('promtool', ['check', 'rules', join(FIXTURES_DIR, 'broken-rules.yaml')]);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/FAILED/);
    });

    it('read only metrics the service registers (or Prometheus, node and kube-state-metrics defaults)', () => {
      const { metrics, recorded } = metricsReadByRules(join(EXAMPLES_DIR, 'prometheus-rules.yaml'));
      const defined = metricsDefinedInSource(ROOT);
      const unknown = [...metrics].filter((name) => !defined.has(name) && !recorded.has(name) && name !== 'up' && !/^(process|nodejs|kube)_/.test(name));
      expect(unknown).toEqual([]);
      expect([...metrics]).toEqual(expect.arrayContaining(['http_request_duration_seconds', 'db_pool_connections', 'catalog_cache_lookups_total']));
    });
  });

  describe('Dockerfile', () => {
    it('builds a non-root image with production dependencies only, argon2 compiled, and no secret', () => {
      expect(dockerfileProblems(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))).toEqual([]);
      expect(dockerignoreProblems(readFileSync(join(ROOT, '.dockerignore'), 'utf8'))).toEqual([]);
    });

    it('reports each broken rule of an insecure Dockerfile', () => {
      expect(dockerfileProblems(readFileSync(join(FIXTURES_DIR, 'Dockerfile.insecure'), 'utf8'))).toEqual([
        'final stage: USER must be a numeric non-root uid (found node)',
        '0: ENV JWT_ACCESS_SECRET puts a secret in the image',
        '0: COPY . . copies the whole build context',
        'final stage: a RUN installs packages or compilers',
        '0: the runtime node_modules must come from `npm ci --omit=dev`',
        '0: argon2 must be compiled from source where the runtime node_modules are built',
        'final stage: dependencies must be installed in a build stage, not in the runtime image',
        'final stage: CMD must start dist/src/main.js (found ["npm", "start"])',
      ]);
      expect(dockerignoreProblems('node_modules\n.env\n')).toContain('.dockerignore does not list **/secrets');
    });
  });
});
