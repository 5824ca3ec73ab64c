/** Values are bound as parameters; only fixed SQL fragments are ever concatenated. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface ProductFilter {
  categoryIds?: string[];
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  /** With a search: the tsquery text (see SearchQueries.any) every listed product matches. */
  textQuery?: string;
  /**
   * The search's words are common (see ProductSearch.listCondition): the list walks its order's index and keeps
   * matches, instead of sorting every match.
   */
  textBroad?: boolean;
  /** With `textBroad`: how many rows of the order's index that walk reads at most before it sorts every match. */
  walkRows?: number;
}

/** The conditions of `filter` on `products p` other than the search words: what shoppers may see, and the filters. */
export function visibleProductConditions(filter: ProductFilter, params: SqlParams): string[] {
  const where = ['p.deleted_at IS NULL', 'p.is_active'];
  // One category: `=` lets the (category_id, sort key) indexes supply the order; a subtree needs ANY.
  if (filter.categoryIds?.length === 1) where.push(`p.category_id = ${params.add(filter.categoryIds[0])}::uuid`);
  else if (filter.categoryIds) where.push(`p.category_id = ANY(${params.add(filter.categoryIds)}::uuid[])`);
  if (filter.minPrice !== undefined) where.push(`p.price >= ${params.add(filter.minPrice)}`);
  if (filter.maxPrice !== undefined) where.push(`p.price <= ${params.add(filter.maxPrice)}`);
  if (filter.inStock === true) where.push('p.stock > 0');
  if (filter.inStock === false) where.push('p.stock = 0');
  return where;
}
