import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertValidConfiguration } from '../../src/config/configuration';
import { ConfigValidationError } from '../../src/config/config-validation.error';
import { SECRET_VARIABLES } from '../../src/config/environment';
import { applicationVariables, CHART_MANAGED, NOT_FOR_KUBERNETES, OWN_SECRET, readableVariableNames } from '../helm/app-variables';
import { CHART_DIR, FIXTURES_DIR } from '../helm/chart-files';
import { ALL_VARIANTS } from '../helm/chart-variants';
import { Helm, type RenderOptions } from '../helm/helm-cli';
import { podEnvironment } from '../helm/rendered-environment';
import { podSpec, podTemplates, type Manifest } from '../helm/rendered-manifests';

interface ObjectSchema {
  properties: Record<string, ObjectSchema>;
}

/** The variables a rendered pod is given: the ConfigMaps it loads and its own `env`. */
function variablesSet(manifests: Manifest[]): string[] {
  const configMaps = new Map(manifests.filter((manifest) => manifest.kind === 'ConfigMap').map((manifest) => [manifest.metadata.name, manifest.data ?? {}]));
  return podTemplates(manifests).flatMap((manifest) =>
    podSpec(manifest).containers.flatMap((container) => [
      ...(container.env ?? []).map(({ name }) => name),
      ...(container.envFrom ?? []).flatMap(({ configMapRef }) => Object.keys(configMapRef ? (configMaps.get(configMapRef.name) ?? {}) : {})),
    ]),
  );
}

/**
 * The configuration the chart gives the pods, checked against the service itself: the variables it reads, and
 * its production boot validation run on what a rendered pod would find (ConfigMap, env, mounted files).
 */
describe('Helm chart: the configuration the pods get', () => {
  const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as ObjectSchema;
  const configNames = Object.keys(schema.properties.config.properties);
  const secretNames = Object.keys(schema.properties.secrets.properties.env.properties);
  let helm: Helm;
  let root: string;

  beforeAll(() => {
    helm = new Helm();
  });

  afterAll(() => {
    helm.dispose();
  });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'helm-env-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** The service's own boot check (production mode) on what the chart would put in the API pods. */
  const bootProblems = async (options: RenderOptions): Promise<string[]> => {
    const env = podEnvironment(await helm.render(options), root);
    expect(env.NODE_ENV).toBe('production');
    try {
      assertValidConfiguration(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigValidationError) return error.problems;
      throw error;
    }
  };

  it('lets `config` set only variables the service reads, and `secrets.env` its secret variables', () => {
    const known = applicationVariables();
    expect(configNames.filter((name) => !known.has(name))).toEqual([]);
    expect([...secretNames, ...OWN_SECRET].sort()).toEqual([...SECRET_VARIABLES].sort());
    expect(configNames.filter((name) => (SECRET_VARIABLES as readonly string[]).includes(name))).toEqual([]);
  });

  it('can set every variable the service reads, except those it manages itself or leaves out on purpose', () => {
    const offered = new Set([...configNames, ...secretNames, ...OWN_SECRET, ...CHART_MANAGED, ...NOT_FOR_KUBERNETES]);
    expect([...applicationVariables()].filter((name) => !offered.has(name))).toEqual([]);
  });

  it.each(ALL_VARIANTS.map((variant) => [variant.name, variant] as const))('sets only variables the service reads: %s', async (_name, variant) => {
    const readable = readableVariableNames();
    const set = variablesSet(await helm.render(variant.options));
    expect(set).toEqual(expect.arrayContaining(['NODE_ENV', 'DATABASE_URL_FILE']));
    expect([...new Set(set)].filter((name) => !readable.has(name))).toEqual([]);
  });

  it('the variable check flags one the service does not read', async () => {
    const set = variablesSet(await helm.render({ set: ['extraEnv[0].name=CATALOG_TYPO', 'extraEnv[0].value=1'] }));
    expect(set.filter((name) => !readableVariableNames().has(name))).toEqual(['CATALOG_TYPO']);
  });

  it.each(ALL_VARIANTS.map((variant) => [variant.name, variant] as const))(
    'gives the API pods a configuration the service accepts in production: %s',
    async (_name, variant) => {
      expect(await bootProblems(variant.options)).toEqual([]);
    },
  );

  it('reports what the service would refuse at boot', async () => {
    expect(await bootProblems({ valuesFiles: [join(FIXTURES_DIR, 'refused-config-values.yaml')] })).toEqual([
      'DATABASE_SSL_CA_FILE: cannot read the file it names',
      'IDEMPOTENCY_LOCK_SECONDS: must not exceed IDEMPOTENCY_TTL_SECONDS',
    ]);
  });
});
