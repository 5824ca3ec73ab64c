import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';

const ITERATIONS = 300;
const WEBHOOK_SAMPLES = 100;

const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))];
const summary = (timings: number[]) => {
  const sorted = [...timings].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
};
const ms = (value: number) => value.toFixed(2);

/**
 * One committed, audited product update on the primary, as the service wrote it before the outbox ("audited") and
 * as it writes it now (plus the event: the sequence row and the change_events insert, as ChangeEventsRepository
 * does), alternately on one connection, so both see the same machine.
 */
export async function outboxWriteCost(primaryUrl: string, productId: string): Promise<string> {
  const client = new Client({ connectionString: primaryUrl });
  await client.connect();
  const audited: number[] = [];
  const withEvent: number[] = [];
  const update = async (event: boolean) => {
    const started = performance.now();
    await client.query('BEGIN');
    const { rows } = await client.query(
      `UPDATE products SET description = 'bench ' || clock_timestamp(), version = version + 1, updated_at = now() WHERE id = $1 RETURNING to_jsonb(products.*) AS row`,
      [productId],
    );
    await client.query(
      `INSERT INTO audit_logs (actor_id, actor_role, action, resource_type, resource_id, old_values, new_values, ip, user_agent, request_id, outcome)
       VALUES (gen_random_uuid(), 'admin', 'product.update', 'product', $1, '{"description":"before"}', '{"description":"after"}', '127.0.0.1', 'bench', gen_random_uuid()::text, 'success')`,
      [productId],
    );
    if (event) {
      const { rows: sequence } = await client.query(`UPDATE change_event_sequence SET last_position = last_position + 1 RETURNING last_position`);
      await client.query(
        `INSERT INTO change_events (position, type, resource_type, resource_id, resource_version, actor_id, actor_role, data)
         VALUES ($1, 'product.updated', 'product', $2, 1, gen_random_uuid(), 'admin', $3)`,
        [sequence[0].last_position, productId, rows[0].row],
      );
    }
    await client.query('COMMIT');
    (event ? withEvent : audited).push(performance.now() - started);
  };
  try {
    for (let warmup = 0; warmup < 20; warmup++) await update(warmup % 2 === 0);
    audited.length = 0;
    withEvent.length = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) await update(iteration % 2 === 0);
  } finally {
    await client.end();
  }
  const [before, after] = [summary(audited), summary(withEvent)];
  return (
    `Write path, one connection, ${ITERATIONS / 2} committed transactions each (SQL on the primary, alternating): ` +
    `audited product update (update + audit row) p50 ${ms(before.p50)} ms, p99 ${ms(before.p99)} ms; ` +
    `with the outbox write (+ sequence row + change event) p50 ${ms(after.p50)} ms, p99 ${ms(after.p99)} ms ` +
    `(p50 ×${(after.p50 / before.p50).toFixed(2)}).`
  );
}

/**
 * From a PATCH's answer (its commit acknowledged) to the webhook's arrival at a receiver on loopback, one update at
 * a time: the dispatcher's poll, the delivery job and the signed POST.
 */
export async function webhookLatency(serviceUrl: string, adminToken: string, productId: string): Promise<string> {
  const arrivals = new Map<number, number>();
  const waiting = new Map<number, () => void>();
  const receiver = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      response.writeHead(204).end();
      const event = JSON.parse(Buffer.concat(chunks).toString()) as { resourceId: string; resourceVersion: number };
      if (event.resourceId !== productId) return;
      arrivals.set(event.resourceVersion, at);
      waiting.get(event.resourceVersion)?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const subscription = await fetch(`${serviceUrl}/api/v1/webhooks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, eventTypes: ['product.updated'], description: 'bench' }),
  });
  if (subscription.status !== 201) throw new Error(`could not subscribe the bench receiver: ${subscription.status} ${await subscription.text()}`);
  const { id } = (await subscription.json()) as { id: string };
  const latencies: number[] = [];
  try {
    for (let sample = 0; sample < WEBHOOK_SAMPLES; sample++) {
      const answer = await fetch(`${serviceUrl}/api/v1/products/${productId}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ description: `bench ${sample}` }),
      });
      const acknowledged = performance.now();
      if (answer.status !== 200) throw new Error(`PATCH answered ${answer.status}`);
      const { version } = (await answer.json()) as { version: number };
      if (!arrivals.has(version)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no webhook for version ${version} within 10 s`)), 10_000);
          waiting.set(version, () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      latencies.push(Math.max(0, arrivals.get(version)! - acknowledged));
    }
  } finally {
    await fetch(`${serviceUrl}/api/v1/webhooks/${id}`, { method: 'DELETE', headers: { authorization: headers.authorization } });
    await new Promise((resolve) => receiver.close(resolve));
  }
  const { p50, p99 } = summary(latencies);
  return `Commit to webhook receipt on loopback (product.updated, ${WEBHOOK_SAMPLES} updates one at a time, from the PATCH's answer to the receiver's): p50 ${ms(p50)} ms, p99 ${ms(p99)} ms.`;
}
