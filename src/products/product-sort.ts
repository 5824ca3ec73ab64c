/** The orders a product list can have. Each maps to an index whose columns end with `id` (keyset pagination). */
export const PRODUCT_SORTS = ['-createdAt', 'createdAt', 'price', '-price', 'name', '-name', 'relevance'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];
/** The orders of a plain list; relevance is the search's own order (see ProductSearch). */
export type ListSort = Exclude<ProductSort, 'relevance'>;

export interface SortSpec {
  /** SQL expression of the sort key; fixed strings only, never built from input. */
  column: string;
  descending: boolean;
  /** How the key travels in a cursor and back into SQL. */
  kind: 'timestamp' | 'integer' | 'text';
}

// Columns of the list query's inner select `s` (see ProductsRepository.page); each is backed by an index.
export const SORT_SPECS: Record<ListSort, SortSpec> = {
  '-createdAt': { column: 's."createdAt"', descending: true, kind: 'timestamp' },
  createdAt: { column: 's."createdAt"', descending: false, kind: 'timestamp' },
  price: { column: 's.price', descending: false, kind: 'integer' },
  '-price': { column: 's.price', descending: true, kind: 'integer' },
  name: { column: 's.name', descending: false, kind: 'text' },
  '-name': { column: 's.name', descending: true, kind: 'text' },
};

/** The SQL that selects a sort key as text exactly (timestamps to the microsecond), for the cursor. */
export function sortKeySql(spec: SortSpec): string {
  if (spec.kind === 'timestamp') return `to_char(${spec.column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return `${spec.column}::text`;
}

/** The SQL cast that turns a cursor's text key back into the column's type. */
export function sortKeyCast(spec: SortSpec): string {
  return { timestamp: 'timestamptz', integer: 'integer', text: 'text' }[spec.kind];
}

export interface ProductCursor extends Record<string, string> {
  /** The sort the cursor belongs to: a cursor is refused under another sort. */
  s: ProductSort;
  /** The last row's sort key, as text. */
  k: string;
  /** The last row's id. */
  i: string;
}

export function isProductCursor(value: Record<string, unknown>): value is ProductCursor {
  return (
    typeof value.s === 'string' &&
    (PRODUCT_SORTS as readonly string[]).includes(value.s) &&
    typeof value.k === 'string' &&
    typeof value.i === 'string' &&
    /^[0-9a-f-]{36}$/.test(value.i)
  );
}
