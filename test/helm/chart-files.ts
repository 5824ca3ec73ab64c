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

const isMap = (value: unknown): value is Values => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Helm's merge of `-f` files over the chart's values.yaml: maps merge key by key, anything else is replaced,
 * and a null removes the default.
 */
export function coalesce(defaults: Values, override: Values): Values {
  const merged: Values = { ...defaults };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete merged[key];
    else if (isMap(value) && isMap(merged[key])) merged[key] = coalesce(merged[key], value);
    else merged[key] = value;
  }
  return merged;
}

/** The chart's defaults with `files` applied in order, as `helm template -f a -f b` sees them. */
export function chartValues(...files: string[]): Values {
  return files.reduce((values, file) => coalesce(values, readYaml(file)), readYaml(join(CHART_DIR, 'values.yaml')));
}
