import { parseArgs } from 'node:util';

export const SEED_USAGE = `Usage: npm run seed -- [--products <n>] [--categories <n>] [--currency <code>] [--truncate] [--indexes auto|rebuild|keep]

Fills the catalog (categories, products) with generated, realistic data on the primary of DATABASE_URL (or the
embedded development database, which \`npm start\` must be running), after running pending migrations.

  --products <n>          products to add (default 10000)
  --categories <n>        categories to add, as a tree: about 5% roots, then children and grandchildren (default 100)
  --currency <code>       ISO 4217 currency of every price (default EUR)
  --truncate              empty the catalog tables (stock_adjustments, products, categories) first; otherwise append
  --indexes <mode>        auto (default): drop the products indexes before a large insert and rebuild them after
                          (the products table is locked until the seed commits); rebuild: always do so;
                          keep: insert with the indexes in place
  --force-production      allow running with NODE_ENV=production

Everything happens in one transaction: on any error nothing is changed.
`;

export const INDEX_MODES = ['auto', 'rebuild', 'keep'] as const;
export type IndexMode = (typeof INDEX_MODES)[number];

export interface SeedOptions {
  products: number;
  categories: number;
  currency: string;
  truncate: boolean;
  indexes: IndexMode;
  forceProduction: boolean;
  help: boolean;
}

const MAX_ROWS = 100_000_000;

/** A wrong command line: the message is printed with the usage, exit code 2. */
export class SeedUsageError extends Error {
  override name = 'SeedUsageError';
}

function count(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  // Underscores and commas allowed as digit separators: 1_000_000, 1,000,000.
  const digits = value.replace(/[_,]/g, '');
  if (!/^\d+$/.test(digits)) throw new SeedUsageError(`--${option} must be a whole number, got "${value}"`);
  const parsed = Number(digits);
  if (parsed > MAX_ROWS) throw new SeedUsageError(`--${option} must be at most ${MAX_ROWS}`);
  return parsed;
}

export function parseSeedArgs(args: string[]): SeedOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        products: { type: 'string' },
        categories: { type: 'string' },
        currency: { type: 'string' },
        truncate: { type: 'boolean' },
        indexes: { type: 'string' },
        'force-production': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new SeedUsageError((error as Error).message);
  }
  const currency = String(values.currency ?? 'EUR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new SeedUsageError(`--currency must be a three-letter ISO 4217 code, got "${String(values.currency)}"`);
  const indexes = String(values.indexes ?? 'auto');
  if (!(INDEX_MODES as readonly string[]).includes(indexes)) throw new SeedUsageError(`--indexes must be one of ${INDEX_MODES.join(', ')}`);
  return {
    products: count('products', values.products as string | undefined, 10_000),
    categories: count('categories', values.categories as string | undefined, 100),
    currency,
    truncate: values.truncate === true,
    indexes: indexes as IndexMode,
    forceProduction: values['force-production'] === true,
    help: values.help === true,
  };
}

/**
 * Whether to drop the products indexes for the insert and build them afterwards. Building a GIN index once
 * over the finished table is much cheaper than maintaining it row by row, but a rebuild also re-reads the rows
 * already there, so `auto` only does it for a large insert that at least doubles the table.
 */
export function shouldRebuildIndexes(mode: IndexMode, toInsert: number, existing: number): boolean {
  if (mode !== 'auto') return mode === 'rebuild';
  return toInsert >= 50_000 && toInsert >= existing;
}
