import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/** Beyond this many distinct texts, new ones run unnamed: texts are built from a fixed set of fragments, so this is a safety net. */
export const MAX_NAMED_STATEMENTS = 500;

/**
 * Names for query texts, so pg prepares each text once per connection and PostgreSQL skips parsing and planning
 * it again (it keeps a generic plan once that costs no more than a custom one; see PREPARE). The name is derived
 * from the text, so one name never stands for two texts on a connection, which pg would refuse, and starts with
 * its SQL keyword (`SELECT 3kq…`), so traces, which name a query's span after it, still say what it does.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  for(text: string, values: unknown[]): QueryConfig {
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= MAX_NAMED_STATEMENTS) return { text, values };
      // Led by the statement's first keyword: tracing names a query's span after its prepared statement.
      const keyword = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
      name = `${keyword} ${createHash('sha1').update(text).digest('base64url')}`;
      this.names.set(text, name);
    }
    return { name, text, values };
  }
}
