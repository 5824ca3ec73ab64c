/** U+0000: PostgreSQL stores it in neither text (SQLSTATE 22021) nor jsonb (22P05). */
const NUL = '\u0000';

interface Visit {
  value: unknown;
  key: string;
  /** Index of the containing visit; -1 for the root. */
  parent: number;
}

/**
 * The dotted path (below `root`) of the first string in `value`, object keys included, that holds U+0000; undefined
 * when there is none. Breadth first and without recursion, so no nesting depth can overflow the stack.
 */
export function pathOfNul(value: unknown, root = ''): string | undefined {
  const visits: Visit[] = [{ value, key: root, parent: -1 }];
  for (let index = 0; index < visits.length; index++) {
    const { value: item } = visits[index];
    if (typeof item === 'string') {
      if (item.includes(NUL)) return pathTo(visits, index);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        visits.push({ value: child, key, parent: index });
        if (key.includes(NUL)) return pathTo(visits, visits.length - 1);
      }
    }
  }
  return undefined;
}

function pathTo(visits: Visit[], index: number): string {
  const keys: string[] = [];
  for (let at = index; at !== -1; at = visits[at].parent) keys.push(visits[at].key);
  return keys.reverse().filter(Boolean).join('.');
}
