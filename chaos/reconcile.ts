import type { Attempt, WriteIntent } from './load';
import type { Postgres } from './postgres';

export type Outcome = 'acknowledged' | 'failed' | 'indeterminate';

export interface Reconciliation {
  acknowledged: number;
  /** Every attempt got an answer, none 2xx. */
  failed: number;
  /** No 2xx, and some attempt got no answer: the client cannot know; either result is correct. */
  indeterminate: number;
  indeterminateApplied: number;
  /** Acknowledged, but not (all) in the database. */
  lost: number;
  /** Answered with an error, yet in the database. */
  failedApplied: number;
  /** A keyed POST applied more than once. */
  duplicated: number;
  /** A resent keyed POST answered 2xx without `Idempotent-Replayed: true`, or with an error. */
  notReplayed: number;
  /** One line per write that broke a rule (the first ones). */
  problems: string[];
}

const MAX_PROBLEMS = 12;

function acknowledged(attempt: Attempt): boolean {
  return attempt.error === undefined && attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
}

export function outcomeOf(intent: WriteIntent): Outcome {
  if (intent.attempts.some(acknowledged)) return 'acknowledged';
  return intent.attempts.every((attempt) => attempt.error === undefined && attempt.status !== undefined) ? 'failed' : 'indeterminate';
}

function describe(intent: WriteIntent): string {
  return intent.attempts
    .map(
      (attempt) =>
        `${attempt.method} ${attempt.status ?? attempt.error}${attempt.code ? ` ${attempt.code}` : ''} (${attempt.requestId}, ${attempt.server ?? '-'})`,
    )
    .join(', then ');
}

/**
 * Asks the primary, directly, what became of every write of a scenario:
 * - create: the product with its SKU exists with the name and price sent, and its `product.create` audit row with
 *   the request's id; a failed create left neither;
 * - patch: a `product.update` audit row carries its description, and the product still holds it unless a later
 *   PATCH of the same product (they are sent one at a time per product) was acknowledged or may have applied; a
 *   failed PATCH left no audit row with its description and is not the product's description;
 * - adjust (keyed POST): exactly one stock adjustment with its reason if acknowledged (however often it was sent),
 *   none if it failed.
 */
export async function reconcile(postgres: Postgres, writes: WriteIntent[]): Promise<Reconciliation> {
  const result: Reconciliation = {
    acknowledged: 0,
    failed: 0,
    indeterminate: 0,
    indeterminateApplied: 0,
    lost: 0,
    failedApplied: 0,
    duplicated: 0,
    notReplayed: 0,
    problems: [],
  };
  const problem = (line: string) => result.problems.length < MAX_PROBLEMS && result.problems.push(line);
  const sql = <T>(text: string, values: unknown[]) => postgres.sql<T>(postgres.primaryPort, text, values);
  const of = (kind: WriteIntent['kind']) => writes.filter((intent) => intent.kind === kind);

  const creates = of('create');
  const products = new Map(
    (
      await sql<{ sku: string; name: string; price: number }>('SELECT sku, name, price FROM products WHERE sku = ANY($1)', [
        creates.map((intent) => intent.marker),
      ])
    ).map((row) => [row.sku, row]),
  );
  const createAudits = new Set(
    (
      await sql<{ requestId: string }>(
        `SELECT request_id AS "requestId" FROM audit_logs WHERE action = 'product.create' AND outcome = 'success' AND request_id = ANY($1)`,
        [creates.flatMap((intent) => intent.attempts.map((attempt) => attempt.requestId))],
      )
    ).map((row) => row.requestId),
  );

  const patches = of('patch');
  const patchAudits = new Set(
    (
      await sql<{ description: string }>(
        `SELECT new_values->>'description' AS description FROM audit_logs WHERE action = 'product.update' AND outcome = 'success' AND new_values->>'description' = ANY($1)`,
        [patches.map((intent) => intent.marker)],
      )
    ).map((row) => row.description),
  );
  const descriptions = new Map(
    (
      await sql<{ id: string; description: string }>('SELECT id, description FROM products WHERE id = ANY($1)', [
        [...new Set(patches.map((intent) => intent.productId))],
      ])
    ).map((row) => [row.id, row.description]),
  );

  const adjusts = of('adjust');
  const adjustments = new Map(
    (
      await sql<{ reason: string; count: number }>('SELECT reason, count(*)::int AS count FROM stock_adjustments WHERE reason = ANY($1) GROUP BY reason', [
        adjusts.map((intent) => intent.marker),
      ])
    ).map((row) => [row.reason, row.count]),
  );

  /** Whether the write is in the database, and what is wrong with an acknowledged one that is not entirely. */
  const applied = (intent: WriteIntent, later: WriteIntent[]): { present: boolean; missing?: string } => {
    if (intent.kind === 'create') {
      const row = products.get(intent.marker);
      if (!row) return { present: false, missing: 'no product with its SKU' };
      if (row.name !== intent.name || row.price !== intent.price) return { present: true, missing: `product holds name "${row.name}", price ${row.price}` };
      if (!intent.attempts.some((attempt) => acknowledged(attempt) && createAudits.has(attempt.requestId))) {
        return { present: true, missing: 'no product.create audit row for the acknowledged request' };
      }
      return { present: true };
    }
    if (intent.kind === 'patch') {
      const audited = patchAudits.has(intent.marker);
      const current = descriptions.get(intent.productId ?? '') === intent.marker;
      if (!audited && !current) return { present: false, missing: 'neither an audit row nor the product holds its description' };
      if (!audited) return { present: true, missing: 'the product holds its description but no audit row does' };
      const overwritten = later.some((next) => next.productId === intent.productId && outcomeOf(next) !== 'failed');
      if (!current && !overwritten)
        return { present: true, missing: `audited, but the product's description is "${descriptions.get(intent.productId ?? '')}"` };
      return { present: true };
    }
    const count = adjustments.get(intent.marker) ?? 0;
    if (count > 1) return { present: true, missing: `${count} stock adjustments with its reason` };
    return count === 1 ? { present: true } : { present: false, missing: 'no stock adjustment with its reason' };
  };

  writes.forEach((intent, index) => {
    const outcome = outcomeOf(intent);
    const { present, missing } = applied(intent, writes.slice(index + 1));
    const what = `${intent.kind} "${intent.marker}"`;
    if (intent.kind === 'adjust' && (adjustments.get(intent.marker) ?? 0) > 1) {
      result.duplicated += 1;
      problem(`duplicated: ${what}: ${missing}; attempts: ${describe(intent)}`);
    }
    if (intent.resent) {
      const last = intent.attempts[intent.attempts.length - 1];
      if (!acknowledged(last) || !last.replayed) {
        result.notReplayed += 1;
        problem(
          `not replayed: ${what}: resent under its key, answered ${last.status ?? last.error} without Idempotent-Replayed; attempts: ${describe(intent)}`,
        );
      }
    }
    if (outcome === 'acknowledged') {
      result.acknowledged += 1;
      if (!present || (missing && !missing.includes('stock adjustments'))) {
        result.lost += 1;
        problem(`lost: ${what}: ${missing}; attempts: ${describe(intent)}`);
      }
    } else if (outcome === 'failed') {
      result.failed += 1;
      if (present) {
        result.failedApplied += 1;
        problem(`failed but applied: ${what}; attempts: ${describe(intent)}`);
      }
    } else {
      result.indeterminate += 1;
      if (present) result.indeterminateApplied += 1;
    }
  });
  return result;
}
