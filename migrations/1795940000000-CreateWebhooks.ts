import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions, their deliveries, and the relay's position in the change events (the outbox). A delivery
 * is created once per subscription and event (the unique key makes the relay idempotent), and stays the record of
 * every attempt. `webhook_dispatch_state` starts at the current feed head: subscriptions hear of changes made after
 * they exist, never of history.
 */
export class CreateWebhooks1795940000000 implements MigrationInterface {
  name = 'CreateWebhooks1795940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Secrets are kept as given since HMAC signing needs them; encrypting them at rest with a KMS key is the next step.
    await queryRunner.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        event_types text[] NOT NULL DEFAULT '{}',
        description text,
        enabled boolean NOT NULL DEFAULT true,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        disabled_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
        event_position bigint NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        resource_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_status_code integer,
        last_latency_ms integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        CONSTRAINT webhook_deliveries_subscription_event_key UNIQUE (subscription_id, event_position)
      )`);
    // The sweeper's two questions: what is due, and what was abandoned mid-attempt.
    await queryRunner.query(`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_sending_idx ON webhook_deliveries (locked_until) WHERE status = 'sending'`);
    // Per-resource order: is an earlier delivery of this resource to this subscription still unfinished?
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_unfinished_idx ON webhook_deliveries (subscription_id, resource_id, event_position) WHERE status IN ('pending', 'sending')`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_dispatch_state (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        last_position bigint NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO webhook_dispatch_state (last_position) SELECT last_position FROM change_event_sequence`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_dispatch_state`);
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhook_subscriptions`);
  }
}
