import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReadRouter } from '../database/read-router';
import { MAX_STOCK } from './dto/product-input.dto';
import type { ProductDto } from './dto/product.dto';
import { type ProductFilter, SqlParams, visibleProductConditions } from './product-filter';
import { type ListSort, SORT_SPECS, sortKeyCast, sortKeySql } from './product-sort';

/** A product row as the API shows it, plus the text of its sort key for the next cursor. */
export type ProductRow = Omit<ProductDto, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date; sortKey?: string };

export interface ProductPageRequest {
  filter: ProductFilter;
  sort: ListSort;
  limit: number;
  after?: { key: string; id: string };
  offset?: number;
}

export const PRODUCT_COLUMNS = `p.id, p.sku, p.name, p.slug, p.description, p.price, p.currency, p.stock,
  p.category_id AS "categoryId", p.is_active AS "isActive", p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

/** The names PRODUCT_COLUMNS gives its columns, to select them again from a subquery. */
const PAGE_COLUMNS = [
  'id',
  'sku',
  'name',
  'slug',
  'description',
  'price',
  'currency',
  'stock',
  '"categoryId"',
  '"isActive"',
  'version',
  '"createdAt"',
  '"updatedAt"',
];

@Injectable()
export class ProductsRepository {
  constructor(private readonly reader: ReadRouter) {}

  /** One page in keyset (or offset) order; reads go to a replica that has replayed past `minLsn`. */
  async page(request: ProductPageRequest, minLsn: bigint): Promise<ProductRow[]> {
    if (request.filter.textQuery) return this.searchPage(request, minLsn);
    const params = new SqlParams();
    const spec = SORT_SPECS[request.sort];
    const order = spec.descending ? 'DESC' : 'ASC';
    const sql = `SELECT s.*, ${sortKeySql(spec)} AS "sortKey" FROM (${this.matches(request.filter, params)}) s ${this.after(request, params)}
      ORDER BY ${spec.column} ${order}, s.id ${order}
      LIMIT ${params.add(request.limit)}${request.offset ? ` OFFSET ${params.add(request.offset)}` : ''}`;
    return this.reader.query<ProductRow>(sql, params.values, minLsn);
  }

  /**
   * A search's page in another order than relevance, exact and bounded. The planner cannot tell how many rows
   * match a search's words: left to itself, it walks the order's index for a word that matches nothing and
   * reads the whole table (1.5 s at a million products). So: every match from the GIN index (a CTE without
   * LIMIT: a bitmap scan), then sorted; and for common words (`textBroad`) first the order's index, up to
   * `walkRows` rows, whose matches are the page when there are enough of them.
   */
  private async searchPage(request: ProductPageRequest, minLsn: bigint): Promise<ProductRow[]> {
    const params = new SqlParams();
    const spec = SORT_SPECS[request.sort];
    const order = spec.descending ? 'DESC' : 'ASC';
    const orderBy = `ORDER BY ${spec.column} ${order}, s.id ${order}`;
    const { textQuery, textBroad, walkRows, ...rest } = request.filter;
    const visible = `SELECT ${PRODUCT_COLUMNS}, p.search FROM products p WHERE ${visibleProductConditions(rest, params).join(' AND ')}`;
    const match = `s.search @@ to_tsquery('english', ${params.add(textQuery)})`;
    const after = this.after(request, params);
    const all = `SELECT s.* FROM (${visible}) s ${after ? `${after} AND` : 'WHERE'} ${match}`;
    const wanted = () => params.add(request.limit + (request.offset ?? 0));
    const ctes = textBroad
      ? [
          // The walk is a subquery in the index's order, so the matches above it stop at the page: a CTE would be
          // sorted again, read to its end. Its limit is a number from the configuration, not a parameter: under
          // a parameter the generic plan assumes a tenth of the table and sorts it instead of walking the index.
          `hits AS MATERIALIZED (SELECT s.* FROM (SELECT s.* FROM (${visible}) s ${after} ${orderBy} LIMIT ${Math.trunc(walkRows!)}) s
             WHERE ${match} ${orderBy} LIMIT ${wanted()})`,
          `matches AS MATERIALIZED (${all} AND (SELECT count(*) FROM hits) < ${wanted()})`,
          `found AS (SELECT * FROM hits WHERE (SELECT count(*) FROM hits) >= ${wanted()} UNION ALL SELECT * FROM matches)`,
        ]
      : [`found AS MATERIALIZED (${all})`];
    const sql = `WITH ${ctes.join(',\n')}
      SELECT ${PAGE_COLUMNS.map((column) => `s.${column}`).join(', ')}, ${sortKeySql(spec)} AS "sortKey" FROM found s
      ${orderBy} LIMIT ${params.add(request.limit)}${request.offset ? ` OFFSET ${params.add(request.offset)}` : ''}`;
    return this.reader.query<ProductRow>(sql, params.values, minLsn);
  }

  private after(request: ProductPageRequest, params: SqlParams): string {
    if (!request.after) return '';
    const spec = SORT_SPECS[request.sort];
    return `WHERE (${spec.column}, s.id) ${spec.descending ? '<' : '>'} (${params.add(request.after.key)}::${sortKeyCast(spec)}, ${params.add(request.after.id)}::uuid)`;
  }

  /**
   * How many products match `filter`, or, with `atMost`, how many up to that number: the LIMIT under the count
   * stops the scan there, so a broad filter costs `atMost` rows instead of the whole table. `atMost` is written as
   * a number, not a parameter: under a parameter the prepared statement's generic plan guesses a tenth of the table.
   */
  async count(filter: ProductFilter, minLsn: bigint, atMost?: number): Promise<number> {
    const params = new SqlParams();
    const limit = atMost === undefined ? '' : ` LIMIT ${Math.trunc(atMost)}`;
    const rows = await this.reader.query<{ total: string }>(
      `SELECT count(*) AS total FROM (SELECT 1 FROM products p WHERE ${this.conditions(filter, params)}${limit}) s`,
      params.values,
      minLsn,
    );
    return Number(rows[0].total);
  }

  /** A live product by id or slug; an unpublished one (`is_active` false) only with `includeUnpublished`. */
  async findOne(idOrSlug: { id?: string; slug?: string }, minLsn: bigint, options: { includeUnpublished: boolean }): Promise<ProductRow | undefined> {
    const [column, value] = idOrSlug.id ? ['p.id', idOrSlug.id] : ['p.slug', idOrSlug.slug];
    const rows = await this.reader.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE ${column} = $1 AND p.deleted_at IS NULL${options.includeUnpublished ? '' : ' AND p.is_active'}`,
      [value],
      minLsn,
    );
    return rows[0];
  }

  /** Category ids of the subtree rooted at `categoryId` (itself included), live ones only. */
  async subtree(categoryId: string, minLsn: bigint): Promise<string[]> {
    const rows = await this.reader.query<{ id: string }>(
      `WITH RECURSIVE tree AS (
         SELECT id FROM categories WHERE id = $1 AND deleted_at IS NULL
         UNION ALL
         SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id WHERE c.deleted_at IS NULL
       ) SELECT id FROM tree`,
      [categoryId],
      minLsn,
    );
    return rows.map((row) => row.id);
  }

  async insert(manager: EntityManager, values: Record<string, unknown>): Promise<ProductRow> {
    const rows = await manager.query<ProductRow[]>(
      `INSERT INTO products AS p (sku, name, slug, description, price, currency, stock, category_id, is_active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${PRODUCT_COLUMNS}`,
      [
        values.sku,
        values.name,
        values.slug,
        values.description ?? '',
        values.price,
        values.currency,
        values.stock ?? 0,
        values.categoryId ?? null,
        values.isActive ?? true,
      ],
    );
    return rows[0];
  }

  /** The live row, on the primary, inside the caller's transaction. */
  async findLive(manager: EntityManager, id: string): Promise<ProductRow | undefined> {
    const rows = await manager.query<ProductRow[]>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $1 AND p.deleted_at IS NULL`, [id]);
    return rows[0];
  }

  /** Applies `changes` only if the row is still at `version` (optimistic concurrency); undefined when it is not. */
  async update(manager: EntityManager, id: string, version: number, changes: Record<string, unknown>): Promise<ProductRow | undefined> {
    const columns: Record<string, string> = {
      sku: 'sku',
      name: 'name',
      slug: 'slug',
      description: 'description',
      price: 'price',
      currency: 'currency',
      categoryId: 'category_id',
      isActive: 'is_active',
    };
    const params = new SqlParams();
    const sets = Object.entries(changes)
      .filter(([field]) => field in columns)
      .map(([field, value]) => `${columns[field]} = ${params.add(value)}`);
    const [rows] = await manager.query<[ProductRow[], number]>(
      `UPDATE products AS p SET ${[...sets, 'version = p.version + 1', 'updated_at = now()'].join(', ')}
        WHERE p.id = ${params.add(id)} AND p.deleted_at IS NULL AND p.version = ${params.add(version)}
        RETURNING ${PRODUCT_COLUMNS}`,
      params.values,
    );
    return rows[0];
  }

  async softDelete(manager: EntityManager, id: string, version: number): Promise<boolean> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `UPDATE products SET deleted_at = now(), version = version + 1 WHERE id = $1 AND deleted_at IS NULL AND version = $2`,
      [id, version],
    );
    return affected === 1;
  }

  /** Adds `delta` in one statement that refuses to go below zero; undefined when it would. */
  /** The row after the change, or undefined when it does not exist or the stock would leave 0..MAX_STOCK. */
  async adjustStock(manager: EntityManager, id: string, delta: number): Promise<ProductRow | undefined> {
    // In bigint, so that a sum past the integer column is a miss (409) rather than an overflow (22003).
    const [rows] = await manager.query<[ProductRow[], number]>(
      `UPDATE products AS p SET stock = p.stock + $2, version = p.version + 1, updated_at = now()
        WHERE p.id = $1 AND p.deleted_at IS NULL AND p.stock::bigint + $2 BETWEEN 0 AND ${MAX_STOCK}
        RETURNING ${PRODUCT_COLUMNS}`,
      [id, delta],
    );
    return rows[0];
  }

  /** Whether the category is live, locked FOR SHARE: it cannot be deleted before the caller's transaction commits. */
  async lockLiveCategory(manager: EntityManager, categoryId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM categories WHERE id = $1 AND deleted_at IS NULL FOR SHARE`, [categoryId]);
    return rows.length > 0;
  }

  async skuTaken(manager: EntityManager, sku: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM products WHERE sku = $1 AND deleted_at IS NULL`, [sku]);
    return rows.length > 0;
  }

  async slugTaken(manager: EntityManager, slug: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM products WHERE slug = $1 AND deleted_at IS NULL`, [slug]);
    return rows.length > 0;
  }

  async recordAdjustment(manager: EntityManager, values: { productId: string; delta: number; reason: string; stockAfter: number; actorId: string }) {
    const rows = await manager.query<Array<{ id: string; createdAt: Date }>>(
      `INSERT INTO stock_adjustments (product_id, delta, reason, stock_after, actor_id) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at AS "createdAt"`,
      [values.productId, values.delta, values.reason, values.stockAfter, values.actorId],
    );
    return rows[0];
  }

  private matches(filter: ProductFilter, params: SqlParams): string {
    return `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE ${this.conditions(filter, params)}`;
  }

  /** The WHERE of the products `filter` lists, search words included. */
  private conditions(filter: ProductFilter, params: SqlParams): string {
    const where = visibleProductConditions(filter, params);
    if (filter.textQuery) where.push(`p.search @@ to_tsquery('english', ${params.add(filter.textQuery)})`);
    return where.join(' AND ');
  }
}
