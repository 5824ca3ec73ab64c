import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(__dirname, '..', '..');
export const HELM_DIR = join(ROOT, 'helm');
export const CHART_DIR = join(HELM_DIR, 'catalog-api');
export const EXAMPLES_DIR = join(HELM_DIR, 'examples');
export const FIXTURES_DIR = join(ROOT, 'test', 'fixtures', 'helm');

/** Files in helm/examples that are not values files (Prometheus rules and their unit tests). */
const NOT_VALUES = new Set(['prometheus-rules.yaml', 'prometheus-rules.test.yaml']);

export type Values = Record<string, unknown>;

export function readYaml(path: string): Values {
  return (parse(readFileSync(path, 'utf8')) ?? {}) as Values;
}

export function exampleValuesFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => name.endsWith('.yaml') && !NOT_VALUES.has(name))
    .sort();
}

/** The chart's defaults, values.yaml. */
export function chartValues(): Values {
  return readYaml(join(CHART_DIR, 'values.yaml'));
}
