import { Client } from 'pg';

/** Runs one statement on its own short-lived connection (arranging and inspecting databases from tests). */
export async function queryOnce<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
