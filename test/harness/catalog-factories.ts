import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer } from './factories';

export interface CreatedProduct {
  id: string;
  sku: string;
  slug: string;
  name: string;
  price: number;
  stock: number;
  version: number;
  categoryId: string | null;
}

/** Creates a product through the API (so caches and consistency state see the write). */
export async function createProduct(app: NestFastifyApplication, adminToken: string, values: Record<string, unknown> = {}): Promise<CreatedProduct> {
  const unique = randomUUID().slice(0, 8);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: bearer(adminToken),
    payload: { sku: `SKU-${unique}`, name: `Test Product ${unique}`, price: 1999, stock: 10, ...values },
  });
  if (response.statusCode !== 201) throw new Error(`createProduct: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function createCategory(
  app: NestFastifyApplication,
  adminToken: string,
  values: Record<string, unknown> = {},
): Promise<{ id: string; slug: string; name: string; version: number }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/categories',
    headers: bearer(adminToken),
    payload: { name: `Category ${randomUUID().slice(0, 8)}`, ...values },
  });
  if (response.statusCode !== 201) throw new Error(`createCategory: ${response.statusCode} ${response.body}`);
  return response.json();
}
