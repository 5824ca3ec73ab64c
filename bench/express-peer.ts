import express from 'express';
import { Pool } from 'pg';

/**
 * A peer for the cache-off first page: what a naive Express + pg service does for the same request. One indexed
 * query on the primary (DATABASE_URL) with pg's default pool, the columns of the service's list (see
 * src/products/products.repository.ts), `res.json(rows)`: no validation, auth, limits, logging, envelope or cursor.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL must name the database to read\n');
  process.exit(1);
}
const pool = new Pool({ connectionString: url });
const app = express();
app.get('/products', async (_request, response) => {
  const { rows } = await pool.query(
    `SELECT id, sku, name, slug, description, price, currency, stock, category_id AS "categoryId", is_active AS "isActive", version,
       created_at AS "createdAt", updated_at AS "updatedAt"
     FROM products WHERE deleted_at IS NULL AND is_active ORDER BY created_at DESC LIMIT 20`,
  );
  response.json(rows);
});
app.listen(Number(process.env.PORT), '127.0.0.1', (error?: Error) => {
  if (!error) return;
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
