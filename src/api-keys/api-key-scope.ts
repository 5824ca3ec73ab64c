/** What an API key may do. A key holds one or more; a route accepts keys only for the scopes it names. */
export enum ApiKeyScope {
  /** Read the catalog as staff do: unpublished products included, exact totals. */
  CatalogRead = 'catalog:read',
  /** Read the feed of catalog changes. */
  ChangesRead = 'changes:read',
}
