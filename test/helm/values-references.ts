import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Values } from './chart-files';

/**
 * `.Values.a.b.c` (and `$.Values.a.b.c`) chains inside template actions `{{ … }}`, comments excluded.
 * Limits: paths reached another way are not seen: `index .Values "a"`, a `with`/`range` context (`.b`
 * inside `{{ with .Values.a }}` – only `.Values.a` is checked), variables (`$v := .Values.a` then `$v.b`),
 * and `tpl` strings.
 */
export function valuesReferences(template: string): string[] {
  const paths: string[] = [];
  for (const [, action] of template.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
    if (action.trim().startsWith('/*')) continue;
    for (const [, path] of action.matchAll(/(?<![\w)\]])\$?\.Values((?:\.[A-Za-z_]\w*)+)/g)) paths.push(path.slice(1));
  }
  return paths;
}

/** Why `path` (dot-separated, below `.Values`) does not exist in `values`, or undefined when it does. */
function missing(values: Values, path: string): string | undefined {
  let node: unknown = values;
  const walked: string[] = [];
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      return `.Values.${walked.join('.')} is ${Array.isArray(node) ? 'a list' : JSON.stringify(node)}, not a map with "${key}"`;
    }
    if (!(key in node)) return `values.yaml has no .Values.${[...walked, key].join('.')}`;
    node = (node as Values)[key];
    walked.push(key);
  }
  return undefined;
}

/** One line per reference, in every template of `templatesDir`, to a value `values` does not define. */
export function missingValuesReferences(templatesDir: string, values: Values): string[] {
  const problems: string[] = [];
  for (const name of readdirSync(templatesDir).sort()) {
    const template = readFileSync(join(templatesDir, name), 'utf8');
    for (const path of new Set(valuesReferences(template))) {
      const reason = missing(values, path);
      if (reason) problems.push(`${name}: .Values.${path}: ${reason}`);
    }
  }
  return problems;
}
