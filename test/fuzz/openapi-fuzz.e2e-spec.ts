import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { AppModule } from '../../src/app.module';
import { bootApp } from '../harness/app';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { FuzzWorld } from './fuzz-world';
import { type ConcreteRequest, materialize, type RequestPlan, RequestArbitraries } from './openapi-arbitraries';
import { type OpenApiDocument, type Operation, operationsOf } from './openapi-document';
import { type Answer, bodyText, header, ResponseChecks } from './response-checks';

/**
 * Property-based fuzz of every operation in the OpenAPI document the app serves: generated requests, mostly valid
 * by the document's own schemas (with real ids, slugs, tokens, cursors and ETags), a third of them mutated with
 * hostile values (NUL bytes, malformed percent-encodings, huge and inexact numbers, deep nesting, nulls, unknown
 * fields, wrong media types, odd headers), sent as an anonymous caller, a customer and an admin. Every answer must
 * keep the contract: no 5xx, problem+json errors carrying the request id, only declared statuses, and bodies and
 * headers that validate against the document.
 *
 * Knobs: FUZZ_RUNS (default 2500, bounded by FUZZ_TIME_LIMIT_MS, default 75 s, when FUZZ_RUNS is not set);
 * FUZZ_SEED to replay a run (the default seed is fixed, so CI sends the same requests every time);
 * FUZZ_ALL_FAILURES=1 to keep going after a failure and list every distinct one at the end.
 */
const SEED = integerFromEnv('FUZZ_SEED') ?? 20261205;
const RUNS = integerFromEnv('FUZZ_RUNS') ?? 2500;
const TIME_LIMIT_MS = integerFromEnv('FUZZ_TIME_LIMIT_MS') ?? (process.env.FUZZ_RUNS ? undefined : 75_000);
const ALL_FAILURES = process.env.FUZZ_ALL_FAILURES === '1';

describe('OpenAPI fuzz', () => {
  let app: NestFastifyApplication;
  let document: OpenApiDocument;
  let operations: Operation[];
  let world: FuzzWorld;
  /** The request a time-limited run may leave running: the app closes after it. */
  let inFlight: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    // A database and Redis keys of its own: the run starts from the same state every time (so a seed replays it), and
    // the rows, sessions and audit entries it leaves do not meet the other test files running beside it.
    app = await bootApp({ module: AppModule, env: { ...(await isolatedDatabaseEnv()), REDIS_KEY_PREFIX: `fuzz-${randomUUID()}:` } });
    const docs = await app.inject({ method: 'GET', url: '/docs-json' });
    expect(docs.statusCode).toBe(200);
    document = docs.json();
    operations = operationsOf(document);
    world = new FuzzWorld(app);
    await world.seed();
  }, 120_000);

  afterAll(async () => {
    await inFlight.catch(() => undefined);
    await app?.close();
  });

  it('drives every operation of the document, health probes included', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.map((operation) => operation.key)).toEqual(expect.arrayContaining(['GET /health/live', 'GET /health/ready', 'GET /api/v1/products']));
  });

  it(
    `keeps the documented contract for generated valid and hostile requests (seed ${SEED}, ${RUNS} runs)`,
    async () => {
      const byKey = new Map(operations.map((operation) => [operation.key, operation]));
      const checks = new ResponseChecks(document);
      const sent = new Set<string>();
      let runs = 0;
      const failures = new Map<string, string>();

      const send = async (plan: RequestPlan): Promise<void> => {
        const operation = byKey.get(plan.operation)!;
        const request = await materialize(plan, operation, world);
        const answer = await app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload });
        sent.add(operation.key);
        runs++;
        const problems = checks.violations(operation, answer);
        world.afterAnswer(request.method, plan.caller, answer.statusCode);
        await world.learn(request.method, operation.path, request.pathIds, answer);
        if (!problems.length) return;
        const report = describeFailure(plan, request, answer, problems, world);
        if (!ALL_FAILURES) throw new Error(report);
        const signature = `${operation.key} ${answer.statusCode} ${problems.map(normalised).join(' | ')}`;
        if (!failures.has(signature)) failures.set(signature, report);
      };

      await fc.assert(
        fc.asyncProperty(new RequestArbitraries(document).forOperations(operations), (plan) => (inFlight = send(plan))),
        {
          seed: SEED,
          numRuns: RUNS,
          endOnFailure: true,
          includeErrorInReport: true,
          plugins: TIME_LIMIT_MS === undefined ? [] : [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)],
        },
      );
      await inFlight;

      if (failures.size) throw new Error(`${failures.size} distinct failures (seed ${SEED}, ${RUNS} runs):\n\n${[...failures.values()].join('\n\n')}`);
      // Every operation was driven (a run cut short by the time limit may have missed some).
      if (runs === RUNS) expect(operations.filter((operation) => !sent.has(operation.key)).map((operation) => operation.key)).toEqual([]);
    },
    TIME_LIMIT_MS === undefined ? 24 * 3600_000 : TIME_LIMIT_MS + 60_000,
  );
});

function integerFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new Error(`${name} must be an integer, not ${JSON.stringify(value)}`);
  return Number(value);
}

/** A problem text without the parts that differ from one occurrence to the next, to group failures. */
function normalised(problem: string): string {
  return problem
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\/\d+\//g, '/n/')
    .replace(/\d+ bytes/g, 'n bytes');
}

/** A counterexample as a reproduction: the request as sent (tokens named, not printed) and the answer. */
function describeFailure(plan: RequestPlan, request: ConcreteRequest, answer: Answer, problems: string[], world: FuzzWorld): string {
  const tokens: Array<[string, string]> = (['customer', 'admin'] as const).map((caller) => [world.accessToken(caller), `<${caller} access token>`]);
  const redact = (text: string) => tokens.reduce((current, [token, name]) => current.split(token).join(name), text);
  const clip = (text: string, max = 1500) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
  const responseHeaders = Object.fromEntries(
    ['content-type', 'content-encoding', 'x-request-id', 'etag', 'x-cache', 'allow']
      .map((name) => [name, header(answer, name)])
      .filter(([, value]) => value !== undefined),
  );
  return [
    `${plan.operation} as ${plan.caller}${plan.hostile ? ' (hostile)' : ''}`,
    `  request:  ${request.method} ${clip(request.url, 600)}`,
    `  headers:  ${clip(redact(JSON.stringify(request.headers)), 600)}`,
    ...(request.payload === undefined ? [] : [`  body:     ${clip(redact(JSON.stringify(request.payload)))}`]),
    `  answer:   ${answer.statusCode} ${JSON.stringify(responseHeaders)}`,
    `  body:     ${clip(bodyText(answer))}`,
    '  problems:',
    ...problems.map((problem) => `    - ${problem}`),
    `  replay:   FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npx jest test/fuzz/openapi-fuzz.e2e-spec.ts`,
  ].join('\n');
}
