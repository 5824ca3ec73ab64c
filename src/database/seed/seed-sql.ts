import { ADJECTIVES, CATEGORY_PHRASES, CATEGORY_QUALIFIERS, CLOSINGS, DEPARTMENTS, FEATURES } from './word-lists';

export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * A pseudo-random integer in [0, 2^31) from a row number and a salt: the same row number always gives the same
 * product, so two seeds of one size hold the same catalog (apart from ids, tags and dates).
 */
function hash(expression: string, salt: number): string {
  return `(hashint8extended((${expression})::int8, ${salt}) & 2147483647)`;
}

/** A pseudo-random float in [0, 1). */
function fraction(expression: string, salt: number): string {
  return `(${hash(expression, salt)}::float8 / 2147483648.0)`;
}

/** "Kids' Shoes 2" → "kids-shoes-2". */
function slugSql(expression: string): string {
  return `trim(both '-' from regexp_replace(lower(replace(${expression}, '''', '')), '[^a-z0-9]+', '-', 'g'))`;
}

/**
 * Sizes of the category tree: about 5% roots, but at least one per department while there are enough
 * categories; 40% of the rest are children of a root, the others children of a root or of a child.
 */
export function categoryTreeShape(count: number): { roots: number; childrenEnd: number } {
  const roots = Math.min(count, Math.max(DEPARTMENTS.length, Math.round(count * 0.05)));
  return { roots, childrenEnd: roots + Math.round((count - roots) * 0.4) };
}

/**
 * Inserts `count` categories in one statement. Row n's parent is an earlier row (a root, or for the last 60%
 * a root or a child), so the tree has at most three levels and no cycles. The first roots are the departments
 * ("Lighting"); other names are "<qualifier> <department>", numbered when repeated ("Outdoor Lighting 2"),
 * which keeps names and slugs unique within one run; the run tag keeps slugs unique across runs.
 */
export function insertCategories(count: number, tag: string, createdFrom: Date): Statement {
  const { roots, childrenEnd } = categoryTreeShape(count);
  const departments = DEPARTMENTS.map((department) => department.name);
  const text = `
    WITH generated AS (
      SELECT n, gen_random_uuid() AS id,
        CASE WHEN n <= $2 THEN NULL
             WHEN n <= $3 THEN 1 + ${hash('n', 11)} % $2
             ELSE 1 + ${hash('n', 12)} % $3 END AS parent_n
      FROM generate_series(1, $1::int) AS n
    ), rooted AS (
      SELECT generated.*,
        CASE WHEN parent_n IS NULL THEN n WHEN parent_n <= $2 THEN parent_n ELSE 1 + ${hash('parent_n', 11)} % $2 END AS root_n
      FROM generated
    ), named AS (
      SELECT rooted.*,
        CASE WHEN n <= least($2, cardinality($4::text[])) THEN ($4::text[])[n]
             ELSE ($5::text[])[1 + ${hash('n', 13)} % cardinality($5::text[])] || ' ' || ($4::text[])[1 + (root_n - 1) % cardinality($4::text[])]
        END AS base_name
      FROM rooted
    ), numbered AS (
      SELECT named.*,
        base_name || CASE WHEN row_number() OVER same_name > 1 THEN ' ' || row_number() OVER same_name ELSE '' END AS name
      FROM named
      WINDOW same_name AS (PARTITION BY base_name ORDER BY n)
    )
    INSERT INTO categories (id, name, slug, description, parent_id, created_at, updated_at)
    SELECT c.id, c.name, ${slugSql('c.name')} || '-' || $7,
      c.base_name || ': ' || ($6::text[])[1 + ${hash('c.n', 14)} % cardinality($6::text[])],
      p.id, $8::timestamptz + c.n * interval '1 minute', $8::timestamptz + c.n * interval '1 minute'
    FROM numbered c LEFT JOIN numbered p ON p.n = c.parent_n
    ORDER BY c.n`;
  return { text, values: [count, roots, childrenEnd, departments, CATEGORY_QUALIFIERS, CATEGORY_PHRASES, tag, createdFrom.toISOString()] };
}

/**
 * The live categories numbered 1..n in a shuffled order, for products to pick from, each with the department
 * its name mentions ("Outdoor Lighting" → Lighting), so a product is named like the category it is in.
 */
export function createCategoryPool(): Statement {
  const text = `
    CREATE TEMPORARY TABLE seed_category_pool ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY md5(c.id::text))::int AS rn, c.id,
      (SELECT d.position::int FROM unnest($1::text[]) WITH ORDINALITY AS d(name, position)
       WHERE strpos(c.name, d.name) > 0 ORDER BY d.position LIMIT 1) AS department
    FROM categories c WHERE c.deleted_at IS NULL`;
  return { text, values: [DEPARTMENTS.map((department) => department.name)] };
}

export interface ProductBatch {
  /** Row numbers of this run, inclusive: they make skus and slugs unique and place created_at. */
  from: number;
  to: number;
  /** Products of the whole run: created_at spreads them evenly from `createdFrom` to `now`. */
  total: number;
  categoryPoolSize: number;
  currency: string;
  tag: string;
  createdFrom: Date;
  now: Date;
}

function flattened(lists: ReadonlyArray<readonly string[]>): { words: string[]; starts: number[]; counts: number[] } {
  const words: string[] = [];
  const starts: number[] = [];
  for (const list of lists) {
    starts.push(words.length + 1);
    words.push(...list);
  }
  return { words, starts, counts: lists.map((list) => list.length) };
}

/**
 * Inserts products `from`..`to` in one statement. Each row's category, words (from its category's department),
 * price, stock and dates come from hashes of its row number. Prices are log-uniform between 1.99 and 1999.99 and end in 99;
 * about 7% are out of stock, 4% inactive and 2% have no category. created_at is strictly increasing with the
 * row number, each row in its own slot of the two years with random microseconds, so no two rows share one.
 */
export function insertProducts(batch: ProductBatch): Statement {
  const materials = flattened(DEPARTMENTS.map((department) => department.materials));
  const nouns = flattened(DEPARTMENTS.map((department) => department.nouns));
  const spanMicros = (batch.now.getTime() - batch.createdFrom.getTime()) * 1000;
  const stepMicros = Math.max(1, Math.floor(spanMicros / Math.max(1, batch.total)));
  const text = `
    INSERT INTO products (sku, name, slug, description, price, currency, stock, category_id, is_active, created_at, updated_at)
    SELECT 'SKU-' || upper($13) || '-' || lpad(w.n::text, 8, '0'),
      w.name,
      ${slugSql('w.name')} || '-' || $13 || '-' || w.n,
      'Our ' || lower(w.adjective || ' ' || w.noun) || ' in ' || lower(w.material) || ', ' || w.feature || '. ' || w.closing,
      w.price, $12, w.stock, w.category_id, w.active, w.created_at,
      w.created_at + ${fraction('w.n', 12)} * ($17::timestamptz - w.created_at)
    FROM (
      SELECT n, category_id, adjective || ' ' || material || ' ' || noun AS name, adjective, material, noun, feature, closing,
        least(199999, greatest(199, floor(exp(ln(199) + ${fraction('n', 5)} * (ln(199999) - ln(199))) / 100)::int * 100 + 99)) AS price,
        CASE WHEN ${hash('n', 6)} % 100 < 7 THEN 0 ELSE 1 + ${hash('n', 7)} % 500 END AS stock,
        ${hash('n', 8)} % 100 >= 4 AS active,
        $14::timestamptz + ((n - 1) * $15::int8 + ${hash('n', 11)} % $15::int8) * interval '1 microsecond' AS created_at
      FROM (
        SELECT n, category_id,
          ($3::text[])[1 + ${hash('n', 2)} % cardinality($3::text[])] AS adjective,
          ($4::text[])[($5::int[])[department] + ${hash('n', 3)} % ($6::int[])[department]] AS material,
          ($7::text[])[($8::int[])[department] + ${hash('n', 4)} % ($9::int[])[department]] AS noun,
          ($10::text[])[1 + ${hash('n', 15)} % cardinality($10::text[])] AS feature,
          ($11::text[])[1 + ${hash('n', 16)} % cardinality($11::text[])] AS closing
        FROM (
          SELECT g.n, c.id AS category_id, coalesce(c.department, 1 + ${hash('g.n', 1)} % ${DEPARTMENTS.length}) AS department
          FROM (
            SELECT n,
              CASE WHEN $16::int = 0 OR ${hash('n', 9)} % 100 < 2 THEN NULL
                   ELSE 1 + floor($16::int * ${fraction('n', 10)} ^ 2)::int END AS category_rn
            FROM generate_series($1::int8, $2::int8) AS n
          ) AS g
          LEFT JOIN seed_category_pool c ON c.rn = g.category_rn
        ) AS placed
      ) AS words
    ) AS w`;
  return {
    text,
    values: [
      batch.from,
      batch.to,
      ADJECTIVES,
      materials.words,
      materials.starts,
      materials.counts,
      nouns.words,
      nouns.starts,
      nouns.counts,
      FEATURES,
      CLOSINGS,
      batch.currency,
      batch.tag,
      batch.createdFrom.toISOString(),
      stepMicros,
      batch.categoryPoolSize,
      batch.now.toISOString(),
    ],
  };
}
