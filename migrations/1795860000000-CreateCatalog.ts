import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCatalog1795860000000 implements MigrationInterface {
  name = 'CreateCatalog1795860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE TABLE categories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        slug varchar(140) NOT NULL,
        description text NOT NULL DEFAULT '',
        parent_id uuid REFERENCES categories (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT categories_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    // Unique among live rows only: a soft-deleted category frees its slug.
    await queryRunner.query(`CREATE UNIQUE INDEX categories_slug_key ON categories (slug) WHERE deleted_at IS NULL`);
    await queryRunner.query(`CREATE INDEX categories_parent_name_idx ON categories (parent_id, name, id) WHERE deleted_at IS NULL`);
    await queryRunner.query(`CREATE INDEX categories_name_idx ON categories (name, id) WHERE deleted_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sku varchar(64) NOT NULL,
        name varchar(200) NOT NULL,
        slug varchar(220) NOT NULL,
        description text NOT NULL DEFAULT '',
        price integer NOT NULL CONSTRAINT products_price_not_negative CHECK (price >= 0),
        currency char(3) NOT NULL CONSTRAINT products_currency_iso4217 CHECK (currency ~ '^[A-Z]{3}$'),
        stock integer NOT NULL DEFAULT 0 CONSTRAINT products_stock_not_negative CHECK (stock >= 0),
        category_id uuid REFERENCES categories (id),
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        -- Computed once per write, never per row at query time; name ranks above description.
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B')
        ) STORED
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX products_sku_key ON products (sku) WHERE deleted_at IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX products_slug_key ON products (slug) WHERE deleted_at IS NULL`);
    // List orders (keyset: sort key then id), over the rows shoppers can see.
    const visible = `WHERE deleted_at IS NULL AND is_active`;
    await queryRunner.query(`CREATE INDEX products_created_idx ON products (created_at DESC, id DESC) ${visible}`);
    await queryRunner.query(`CREATE INDEX products_price_idx ON products (price, id) ${visible}`);
    await queryRunner.query(`CREATE INDEX products_name_idx ON products (name, id) ${visible}`);
    await queryRunner.query(`CREATE INDEX products_category_price_idx ON products (category_id, price, id) ${visible}`);
    await queryRunner.query(`CREATE INDEX products_category_stock_idx ON products (category_id, stock) ${visible}`);
    await queryRunner.query(`CREATE INDEX products_category_created_idx ON products (category_id, created_at DESC, id DESC) ${visible}`);
    await queryRunner.query(`CREATE INDEX products_name_trgm_idx ON products USING gin (name gin_trgm_ops) ${visible}`);
    await queryRunner.query(`CREATE INDEX products_search_idx ON products USING gin (search) ${visible}`);

    await queryRunner.query(`
      CREATE TABLE stock_adjustments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        product_id uuid NOT NULL REFERENCES products (id),
        delta integer NOT NULL CHECK (delta <> 0),
        reason varchar(200) NOT NULL,
        stock_after integer NOT NULL,
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX stock_adjustments_product_idx ON stock_adjustments (product_id, created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stock_adjustments`);
    await queryRunner.query(`DROP TABLE products`);
    await queryRunner.query(`DROP TABLE categories`);
  }
}
