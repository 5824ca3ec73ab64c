import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml } from './chart-files';

interface RuleFile {
  groups: Array<{ rules: Array<{ expr: string; record?: string }> }>;
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'and', 'or', 'unless', 'bool']);

/**
 * Metric names the rules' expressions read: label matchers, grouping clauses, ranges, strings and function
 * calls removed; histogram series (`_bucket`, `_count`, `_sum`) reduced to the histogram's name.
 */
export function metricsReadByRules(path: string): { metrics: Set<string>; recorded: Set<string> } {
  const { groups } = readYaml(path) as unknown as RuleFile;
  const rules = groups.flatMap((group) => group.rules);
  const metrics = new Set<string>();
  for (const { expr } of rules) {
    const bare = expr
      .replace(/"[^"]*"/g, '')
      .replace(/\{[^}]*\}/g, '')
      .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '')
      .replace(/\[[^\]]*\]/g, '');
    for (const [, name] of bare.matchAll(/(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)) {
      if (!KEYWORDS.has(name)) metrics.add(name.replace(/_(bucket|count|sum)$/, ''));
    }
  }
  return { metrics, recorded: new Set(rules.flatMap((rule) => (rule.record ? [rule.record] : []))) };
}

/** Metric names registered in the service's code: string literals passed as `name` in src (specs excluded). */
export function metricsDefinedInSource(root: string): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const [, name] of source.matchAll(/'([a-z][a-z0-9_]*_(?:total|seconds|bytes|connections|jobs|up))'/g)) names.add(name);
        // Any other metric: the name of a prom-client options object (`{ name: '…', help: '…' }`).
        for (const [, name] of source.matchAll(/\bname: '([a-z][a-z0-9_]*)',\s*help:/g)) names.add(name);
      }
    }
  };
  walk(join(root, 'src'));
  return names;
}
