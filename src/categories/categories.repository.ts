import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReadRouter } from '../database/read-router';
import type { CategoryDto } from './dto/category.dto';

export type CategoryRow = Omit<CategoryDto, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

const COLUMNS = `c.id, c.name, c.slug, c.description, c.parent_id AS "parentId", c.version, c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

// One fixed key for every change to the tree's shape: re-parentings run one at a time, so two cannot make a cycle.
const TREE_LOCK = 7_301_118_552;

@Injectable()
export class CategoriesRepository {
  constructor(private readonly reader: ReadRouter) {}

  /** Live categories by name then id (keyset); `parentId: null` means top level, undefined means all. */
  list(options: { parentId?: string | null; after?: { name: string; id: string }; limit: number }, minLsn: bigint): Promise<CategoryRow[]> {
    const values: unknown[] = [];
    const where = ['c.deleted_at IS NULL'];
    if (options.parentId === null) where.push('c.parent_id IS NULL');
    else if (options.parentId) where.push(`c.parent_id = $${values.push(options.parentId)}`);
    if (options.after) where.push(`(c.name, c.id) > ($${values.push(options.after.name)}, $${values.push(options.after.id)}::uuid)`);
    return this.reader.query<CategoryRow>(
      `SELECT ${COLUMNS} FROM categories c WHERE ${where.join(' AND ')} ORDER BY c.name, c.id LIMIT $${values.push(options.limit)}`,
      values,
      minLsn,
    );
  }

  async findOne(key: { id?: string; slug?: string }, minLsn: bigint): Promise<(CategoryRow & { productCount: number }) | undefined> {
    const [column, value] = key.id ? ['c.id', key.id] : ['c.slug', key.slug];
    const rows = await this.reader.query<CategoryRow & { productCount: string }>(
      `SELECT ${COLUMNS},
              (SELECT count(*) FROM products p WHERE p.category_id = c.id AND p.deleted_at IS NULL AND p.is_active) AS "productCount"
         FROM categories c WHERE ${column} = $1 AND c.deleted_at IS NULL`,
      [value],
      minLsn,
    );
    return rows[0] && { ...rows[0], productCount: Number(rows[0].productCount) };
  }

  /**
   * The live row on the primary, inside the caller's transaction. `share` keeps it from being deleted until the
   * transaction ends (adding a child or a product); `update` keeps anything from being added to it (deleting it).
   */
  async findLive(manager: EntityManager, id: string, lock?: 'share' | 'update'): Promise<CategoryRow | undefined> {
    const suffix = lock === 'share' ? ' FOR SHARE' : lock === 'update' ? ' FOR UPDATE' : '';
    const rows = await manager.query<CategoryRow[]>(`SELECT ${COLUMNS} FROM categories c WHERE c.id = $1 AND c.deleted_at IS NULL${suffix}`, [id]);
    return rows[0];
  }

  /** Active, live products directly in the category: the `productCount` a read shows. */
  async productCount(manager: EntityManager, id: string): Promise<number> {
    const [row] = await manager.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM products WHERE category_id = $1 AND deleted_at IS NULL AND is_active`, [
      id,
    ]);
    return Number(row.n);
  }

  async slugTaken(manager: EntityManager, slug: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM categories WHERE slug = $1 AND deleted_at IS NULL`, [slug])).length > 0;
  }

  async insert(manager: EntityManager, values: { name: string; slug: string; description?: string; parentId?: string | null }): Promise<CategoryRow> {
    const rows = await manager.query<CategoryRow[]>(
      `INSERT INTO categories AS c (name, slug, description, parent_id) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [values.name, values.slug, values.description ?? '', values.parentId ?? null],
    );
    return rows[0];
  }

  async update(
    manager: EntityManager,
    id: string,
    version: number,
    changes: { name?: string; slug?: string; description?: string; parentId?: string | null },
  ): Promise<CategoryRow | undefined> {
    const columns = { name: 'name', slug: 'slug', description: 'description', parentId: 'parent_id' } as const;
    const values: unknown[] = [];
    const sets = (Object.keys(columns) as Array<keyof typeof columns>)
      .filter((field) => changes[field] !== undefined)
      .map((field) => `${columns[field]} = $${values.push(changes[field])}`);
    const [rows] = await manager.query<[CategoryRow[], number]>(
      `UPDATE categories AS c SET ${[...sets, 'version = c.version + 1', 'updated_at = now()'].join(', ')}
        WHERE c.id = $${values.push(id)} AND c.deleted_at IS NULL AND c.version = $${values.push(version)} RETURNING ${COLUMNS}`,
      values,
    );
    return rows[0];
  }

  /** Serialises changes to the tree's shape until the transaction ends. */
  async lockTree(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [TREE_LOCK]);
  }

  /** True when `candidateParent` is `id` itself or lies below it (so making it the parent would close a cycle). */
  async wouldCycle(manager: EntityManager, id: string, candidateParent: string): Promise<boolean> {
    const rows = await manager.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id FROM categories WHERE id = $1
         UNION ALL
         SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id
       ) SELECT 1 FROM up WHERE id = $2`,
      [candidateParent, id],
    );
    return rows.length > 0;
  }

  async dependants(manager: EntityManager, id: string): Promise<{ products: number; children: number }> {
    const [row] = await manager.query<Array<{ products: string; children: string }>>(
      `SELECT (SELECT count(*) FROM products WHERE category_id = $1 AND deleted_at IS NULL) AS products,
              (SELECT count(*) FROM categories WHERE parent_id = $1 AND deleted_at IS NULL) AS children`,
      [id],
    );
    return { products: Number(row.products), children: Number(row.children) };
  }

  /** Products become uncategorised; sub-categories move up to the deleted category's parent. */
  async releaseDependants(manager: EntityManager, category: CategoryRow): Promise<void> {
    await manager.query(`UPDATE products SET category_id = NULL, version = version + 1, updated_at = now() WHERE category_id = $1 AND deleted_at IS NULL`, [
      category.id,
    ]);
    await manager.query(`UPDATE categories SET parent_id = $2, version = version + 1, updated_at = now() WHERE parent_id = $1 AND deleted_at IS NULL`, [
      category.id,
      category.parentId,
    ]);
  }

  async softDelete(manager: EntityManager, id: string, version: number): Promise<boolean> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `UPDATE categories SET deleted_at = now(), version = version + 1 WHERE id = $1 AND deleted_at IS NULL AND version = $2`,
      [id, version],
    );
    return affected === 1;
  }
}
