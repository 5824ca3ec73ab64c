import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/** Beyond this many distinct texts, new ones run unnamed: texts are built from a fixed set of fragments, so this is a safety net. */
export const MAX_NAMED_STATEMENTS = 500;

/**
 * Names for query texts, so pg prepares each text once per connection and PostgreSQL skips parsing and planning
 * it again (it keeps a generic plan once that costs no more than a custom one; see PREPARE). The name is derived
 * from the text, so one name never stands for two texts on a connection, which pg would refuse.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  for(text: string, values: unknown[]): QueryConfig {
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= MAX_NAMED_STATEMENTS) return { text, values };
      name = `catalog_${createHash('sha1').update(text).digest('base64url')}`;
      this.names.set(text, name);
    }
    return { name, text, values };
  }
}
