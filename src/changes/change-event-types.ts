/** Every change the service announces, in the feed and to webhooks. */
export const CHANGE_EVENT_TYPES = [
  'product.created',
  'product.updated',
  'product.deleted',
  'product.stock_changed',
  'category.created',
  'category.updated',
  'category.deleted',
  'user.created',
  'user.updated',
] as const;
export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[number];

/**
 * Every audited action, and the event its changes announce; `null`: the change is audited but not announced
 * (sessions are nobody else's business). `@Audited` takes only these names, so a new write action cannot be added
 * without deciding here whether integrators hear of it.
 */
export const AUDITED_ACTIONS = {
  'product.create': 'product.created',
  'product.update': 'product.updated',
  'product.delete': 'product.deleted',
  'product.stock_adjust': 'product.stock_changed',
  'category.create': 'category.created',
  'category.update': 'category.updated',
  'category.delete': 'category.deleted',
  'user.register': 'user.created',
  'user.update': 'user.updated',
  'user.role_change': 'user.updated',
  'user.disable': 'user.updated',
  'user.enable': 'user.updated',
  'user.logout_all': null,
  'session.logout': null,
  // Credentials: audited, never announced to integrators.
  'api_key.create': null,
  'api_key.revoke': null,
  // Webhook subscriptions hold signing secrets and are staff configuration: audited, never announced.
  'webhook.create': null,
  'webhook.update': null,
  'webhook.delete': null,
  'webhook.rotate_secret': null,
  'webhook.resend': null,
} as const satisfies Record<string, ChangeEventType | null>;
export type AuditedAction = keyof typeof AUDITED_ACTIONS;

/** Resources whose changes invalidate the catalog cache and read-your-writes position. */
export const CATALOG_RESOURCES: ReadonlySet<string> = new Set(['product', 'category']);

/**
 * What an event carries of a user: no personal data (email, name) beyond the id, since consumers such as
 * marketplace feeds have no business keeping it.
 */
export function userEventData(user: object): object {
  const { id, role, disabled, createdAt, updatedAt } = user as Record<string, unknown>;
  return { id, role, disabled, createdAt, updatedAt };
}
