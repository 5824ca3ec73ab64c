import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Role } from '../../src/users/role';
import { createCategory, createProduct } from '../harness/catalog-factories';
import { bearer, createUser, DEFAULT_PASSWORD, login, type TestUser } from '../harness/factories';
import { type Answer, header } from './response-checks';

export type CallerName = 'anonymous' | 'customer' | 'admin';
export type SignedInCaller = Exclude<CallerName, 'anonymous'>;
export type RowPool = 'product' | 'category' | 'user';

interface Row {
  id: string;
  /** Products and categories: their slug; users: their email. */
  name: string;
  etag?: string;
}

interface Session {
  user: TestUser;
  accessToken: string;
  /** Set after anything that may have ended the session (a 401, any successful write): checked before its next use. */
  suspect: boolean;
}

const SEEDED_PRODUCTS = 6;
const SEEDED_CATEGORIES = 4;
/** Users the callers may act on: customers (an admin may disable them) and staff (an admin may not). */
const SEEDED_USERS = [Role.Customer, Role.Customer, Role.Admin, Role.Superadmin];
/** Rows created by the fuzz's own requests join the pools, up to this many per pool (then they replace each other). */
const LEARNED_ROWS = 8;
const MAX_REMEMBERED = 24;
/** Seeded stock levels: both ends of the column (none, PostgreSQL's integer maximum) and ordinary ones. */
const SEED_STOCK = [0, 2 ** 31 - 1, 5, 10, 15, 20];

/**
 * The live state the fuzz draws real values from and keeps usable: rows that exist (so that generated ids and slugs
 * hit them), the signed-in callers, and what answers handed out (refresh tokens, cursors, ETags).
 *
 * Generated requests name these values by pool and index (see `Ref` in openapi-arbitraries.ts) and are resolved
 * here when sent, so a slot refilled after a DELETE, or a caller signed in again, is what the next request uses.
 */
export class FuzzWorld {
  readonly rows: Record<RowPool, Row[]> = { product: [], category: [], user: [] };
  readonly refreshTokens: string[] = [];
  readonly cursors: string[] = [];
  private readonly sessions = new Map<SignedInCaller, Session>();
  /** How many rows of each pool the seed made: the rows after them are the learned ones. */
  private readonly seeded: Record<RowPool, number> = { product: 0, category: 0, user: 0 };
  private adopted = 0;

  constructor(private readonly app: NestFastifyApplication) {}

  /** Signs the callers in and creates the rows the fuzz starts from. */
  async seed(): Promise<void> {
    for (const caller of ['customer', 'admin'] as const) await this.signIn(caller, undefined);
    for (const role of SEEDED_USERS) {
      const user = await createUser(this.app, { role });
      this.rows.user.push({ id: user.id, name: user.email });
      if (role === Role.Customer) this.remember(this.refreshTokens, (await login(this.app, user)).refreshToken);
    }
    for (let slot = 0; slot < SEEDED_CATEGORIES; slot++) this.rows.category.push(await this.newRow('category', slot));
    for (let slot = 0; slot < SEEDED_PRODUCTS; slot++) this.rows.product.push(await this.newRow('product', slot));
    for (const pool of ['product', 'category', 'user'] as const) this.seeded[pool] = this.rows[pool].length;
  }

  /**
   * The caller's `Authorization` header, signing it in again first when its session may have ended. The fuzz's own
   * callers are kept in the user pool on purpose (an admin disabling itself is a case worth sending), so a request
   * may end their session: logout, logout-all, a refresh token of theirs spent twice, a password change, an admin
   * disabling the customer. A caller whose session ended signs in again, or is replaced when it cannot (disabled,
   * password changed, locked out by failed logins the fuzz sent).
   */
  async authorization(caller: SignedInCaller): Promise<Record<string, string>> {
    const session = this.sessions.get(caller)!;
    if (session.suspect) {
      const me = await this.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(session.accessToken) });
      if (me.statusCode === 200) session.suspect = false;
      else await this.signIn(caller, session.user);
    }
    return bearer(this.sessions.get(caller)!.accessToken);
  }

  accessToken(caller: SignedInCaller): string {
    return this.sessions.get(caller)!.accessToken;
  }

  /** Marks sessions whose state the last answer may have changed. */
  afterAnswer(method: string, caller: CallerName, status: number): void {
    if (caller !== 'anonymous' && status === 401) this.sessions.get(caller)!.suspect = true;
    if (method !== 'GET' && status >= 200 && status < 300) for (const session of this.sessions.values()) session.suspect = true;
  }

  /**
   * Learns from a 2xx answer: rows it created, ETags, slugs, refresh tokens and cursors it hands out; refills the
   * slot of a row it deleted.
   */
  async learn(method: string, path: string, pathIds: string[], answer: Answer & { json(): unknown }): Promise<void> {
    if (answer.statusCode < 200 || answer.statusCode >= 300) return;
    const etag = header(answer, 'etag');
    const row = pathIds.map((id) => this.find(id)).find((found) => found !== undefined);
    if (row && row.pool !== 'user' && method === 'DELETE') {
      const slot = this.rows[row.pool].indexOf(row.row);
      this.rows[row.pool][slot] = await this.newRow(row.pool, slot);
      return;
    }
    if (row && etag) row.row.etag = etag;
    if (!header(answer, 'content-type')?.includes('json') || answer.rawPayload.length === 0 || header(answer, 'content-encoding')) return;
    const body = answer.json() as Record<string, unknown> | null;
    if (answer.statusCode === 201) this.adopt(path, body, etag);
    const found = typeof body?.id === 'string' ? this.find(body.id) : undefined;
    if (found && typeof body?.slug === 'string') found.row.name = body.slug;
    const tokens = (body?.tokens ?? body) as { refreshToken?: unknown } | null;
    if (typeof tokens?.refreshToken === 'string') this.remember(this.refreshTokens, tokens.refreshToken);
    const cursor = (body?.page as { nextCursor?: unknown } | undefined)?.nextCursor;
    if (typeof cursor === 'string') this.remember(this.cursors, cursor);
  }

  private adopt(path: string, body: Record<string, unknown> | null, etag: string | undefined): void {
    const user = body?.user as { id?: unknown; email?: unknown } | undefined;
    const pool: RowPool | undefined = path.endsWith('/products')
      ? 'product'
      : path.endsWith('/categories')
        ? 'category'
        : path.endsWith('/register')
          ? 'user'
          : undefined;
    const row =
      pool === 'user'
        ? typeof user?.id === 'string' && typeof user.email === 'string' && { id: user.id, name: user.email }
        : typeof body?.id === 'string' && typeof body.slug === 'string' && { id: body.id, name: body.slug, etag };
    if (!pool || !row || this.find(row.id)) return;
    const rows = this.rows[pool];
    if (rows.length < this.seeded[pool] + LEARNED_ROWS) rows.push(row);
    else rows[this.seeded[pool] + (this.adopted++ % LEARNED_ROWS)] = row;
  }

  /** The ETag last seen for the row `id`, if any. */
  etagOf(id: string): string | undefined {
    return this.find(id)?.row.etag;
  }

  private find(id: string): { pool: RowPool; row: Row } | undefined {
    const wanted = id.toLowerCase();
    for (const pool of ['product', 'category', 'user'] as const) {
      const row = this.rows[pool].find((candidate) => candidate.id === wanted);
      if (row) return { pool, row };
    }
    return undefined;
  }

  private async signIn(caller: SignedInCaller, previous: TestUser | undefined): Promise<void> {
    let user = previous;
    let tokens: { accessToken: string; refreshToken: string } | undefined;
    if (user) {
      const answer = await this.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
      if (answer.statusCode === 200) tokens = answer.json();
    }
    if (!tokens) {
      user = await createUser(this.app, { role: caller === 'admin' ? Role.Admin : Role.Customer, password: DEFAULT_PASSWORD });
      tokens = await login(this.app, user);
      // The new account takes the old one's place in the user pool, so that requests keep naming the callers' own ids.
      const slot = this.rows.user.findIndex((row) => row.id === previous?.id);
      this.rows.user[slot === -1 ? this.rows.user.length : slot] = { id: user.id, name: user.email };
    }
    // The caller's own refresh token joins the pool too: refreshing it, or replaying it once spent, ends the session.
    this.remember(this.refreshTokens, tokens.refreshToken);
    this.sessions.set(caller, { user: user!, accessToken: tokens.accessToken, suspect: false });
  }

  private async newRow(pool: Exclude<RowPool, 'user'>, slot: number): Promise<Row> {
    await this.authorization('admin');
    const admin = this.accessToken('admin');
    if (pool === 'category') {
      // Every other category is a child of the first, so that trees, `parentId` and `force` deletes have something to walk.
      const parentId = slot % 2 === 1 && this.rows.category[0] ? this.rows.category[0].id : undefined;
      const category = await createCategory(this.app, admin, parentId ? { parentId } : {});
      return { id: category.id, name: category.slug, etag: await this.currentEtag(`/api/v1/categories/${category.id}`) };
    }
    const categoryId = this.rows.category.length ? this.rows.category[slot % this.rows.category.length].id : undefined;
    const product = await createProduct(this.app, admin, {
      ...(categoryId && slot % 3 !== 2 ? { categoryId } : {}),
      stock: SEED_STOCK[slot % SEED_STOCK.length],
      isActive: slot !== 5,
    });
    return { id: product.id, name: product.slug, etag: await this.currentEtag(`/api/v1/products/${product.id}`) };
  }

  /** The ETag a read of `url` answers with, so that the first conditional requests already name a real version. */
  private async currentEtag(url: string): Promise<string | undefined> {
    const answer = await this.app.inject({ method: 'GET', url, headers: bearer(this.accessToken('admin')) });
    return header(answer, 'etag');
  }

  private remember(list: string[], value: string): void {
    if (list.includes(value)) return;
    list.push(value);
    if (list.length > MAX_REMEMBERED) list.shift();
  }
}
