import type { QueryRunner } from 'typeorm';

export interface IndexDefinition {
  /** Schema-qualified and quoted as needed, for DROP INDEX. */
  name: string;
  /** The complete CREATE INDEX statement, as PostgreSQL prints it. */
  definition: string;
}

/**
 * The indexes of `table` that no constraint owns (the primary key stays), read from the catalog with
 * `pg_get_indexdef`: recreating them from this gives exactly what the migrations created, whichever
 * migrations have run, with no second copy of the definitions to keep in step.
 */
export async function droppableIndexes(runner: QueryRunner, table: string): Promise<IndexDefinition[]> {
  return runner.query(
    `SELECT x.indexrelid::regclass::text AS name, pg_get_indexdef(x.indexrelid) AS definition
     FROM pg_index x
     WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
     ORDER BY 1`,
    [table],
  );
}

export async function dropIndexes(runner: QueryRunner, indexes: IndexDefinition[]): Promise<void> {
  for (const index of indexes) await runner.query(`DROP INDEX ${index.name}`);
}
