import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search at a million products (see src/search/):
 * - `products.name_search`: the name's own tsvector, so "all words in the name" is an index condition rather than
 *   a weight check on the whole document (a `:A` match reads every position of the tsvector: 15 times slower).
 *   Adding a stored generated column rewrites the table once, under an exclusive lock: plan it as downtime for
 *   the catalog's writes (see docs/operations.md).
 * - `search_word_variants`: the name vocabulary for typo tolerance, as a deletion neighbourhood (each word, and
 *   each of its prefixes of 4 letters or more, with every form that lacks one letter). A query word one edit away
 *   from a known word shares one of those forms with it, so a typo is found with an index lookup, whatever the
 *   catalog's size. Kept by statement-level triggers: every write of a name, the seed's bulk inserts included,
 *   adds its words in one statement. Words of deleted products stay: a correction to them finds no product.
 * - The trigram index on names goes: typos no longer scan product names.
 */
export class SearchTiersAndVocabulary1795890000000 implements MigrationInterface {
  name = 'SearchTiersAndVocabulary1795890000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The rewrite and the backfill take as long as the catalog is big (about 30 s at a million products).
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`ALTER TABLE products ADD COLUMN name_search tsvector GENERATED ALWAYS AS (to_tsvector('english', name)) STORED`);
    await queryRunner.query(`CREATE INDEX products_name_search_idx ON products USING gin (name_search) WHERE deleted_at IS NULL AND is_active`);
    await queryRunner.query(`DROP INDEX products_name_trgm_idx`);

    await queryRunner.query(`
      CREATE TABLE search_word_variants (
        variant text NOT NULL,
        word text NOT NULL,
        -- The variant comes from the whole word, not from one of its prefixes.
        whole boolean NOT NULL,
        PRIMARY KEY (variant, word, whole)
      )`);
    // Words as the 'simple' parser splits them (Unicode letters, lower case, no stemming); typos only from 4 letters.
    await queryRunner.query(`
      CREATE FUNCTION search_word_variants_of(names text[]) RETURNS TABLE (variant text, word text, whole boolean)
      LANGUAGE sql IMMUTABLE AS $$
        WITH words AS (
          SELECT DISTINCT lexeme AS word FROM unnest(names) AS n(name), unnest(tsvector_to_array(to_tsvector('simple', n.name))) AS lexeme
          WHERE length(lexeme) BETWEEN 4 AND 40 AND lexeme !~ '[[:digit:][:punct:]]'
        ), prefixes AS (
          SELECT w.word, left(w.word, l) AS prefix, l = length(w.word) AS whole FROM words w, generate_series(4, length(w.word)) AS l
        )
        SELECT p.prefix, p.word, p.whole FROM prefixes p
        UNION
        SELECT left(p.prefix, i - 1) || substr(p.prefix, i + 1), p.word, p.whole FROM prefixes p, generate_series(1, length(p.prefix)) AS i
      $$`);
    // An update looks at renamed rows only: stock and price changes, the frequent writes, add nothing.
    await queryRunner.query(`
      CREATE FUNCTION remember_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO search_word_variants (variant, word, whole)
          SELECT v.variant, v.word, v.whole FROM search_word_variants_of(ARRAY(SELECT DISTINCT name FROM new_rows)) v
          ON CONFLICT DO NOTHING;
        ELSIF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.name <> n.name) THEN
          INSERT INTO search_word_variants (variant, word, whole)
          SELECT v.variant, v.word, v.whole
          FROM search_word_variants_of(ARRAY(SELECT DISTINCT n.name FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.name <> n.name)) v
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER products_search_words_insert AFTER INSERT ON products REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION remember_search_words()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER products_search_words_update AFTER UPDATE ON products REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION remember_search_words()`,
    );
    await queryRunner.query(`
      INSERT INTO search_word_variants (variant, word, whole)
      SELECT v.variant, v.word, v.whole FROM search_word_variants_of(ARRAY(SELECT DISTINCT name FROM products WHERE deleted_at IS NULL)) v
      ON CONFLICT DO NOTHING`);
    await queryRunner.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalog_app') THEN
          GRANT SELECT, INSERT ON search_word_variants TO catalog_app;
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER products_search_words_update ON products`);
    await queryRunner.query(`DROP TRIGGER products_search_words_insert ON products`);
    await queryRunner.query(`DROP FUNCTION remember_search_words()`);
    await queryRunner.query(`DROP FUNCTION search_word_variants_of(text[])`);
    await queryRunner.query(`DROP TABLE search_word_variants`);
    await queryRunner.query(`CREATE INDEX products_name_trgm_idx ON products USING gin (name gin_trgm_ops) WHERE deleted_at IS NULL AND is_active`);
    await queryRunner.query(`DROP INDEX products_name_search_idx`);
    await queryRunner.query(`ALTER TABLE products DROP COLUMN name_search`);
  }
}
