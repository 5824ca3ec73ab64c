import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';
import { histogram } from './metric-registry';

/** The `route` label of a request no route matched (404s, 405s): never its URL, which is unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Upper bounds in seconds: sub-millisecond cache hits up to requests near the database's statement timeout. */
export const HTTP_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type HttpLabel = 'method' | 'route' | 'status_class';
type Observe = (seconds: number) => void;

const STATUS_CLASSES = ['other', '1xx', '2xx', '3xx', '4xx', '5xx'];

function statusClassIndex(statusCode: number): number {
  const index = Math.trunc(statusCode / 100);
  return index >= 1 && index < STATUS_CLASSES.length ? index : 0;
}

/** `2xx` for 204, `4xx` for 429; `other` outside 100..599 (Fastify sends none there). */
export function statusClass(statusCode: number): string {
  return STATUS_CLASSES[statusClassIndex(statusCode)];
}

/**
 * The histogram's series, bound once per route template, method and status class, so that recording a response
 * costs two map lookups and an array index instead of building a label object each time. Bounded: route templates
 * are the registered ones plus {@link UNMATCHED_ROUTE}, and Node's HTTP parser accepts only a fixed set of methods.
 */
export class HttpDurationObservers {
  private readonly byRoute = new Map<string, Map<string, Observe[]>>();

  constructor(private readonly durations: Histogram<HttpLabel>) {}

  observerFor(route: string, method: string, statusCode: number): Observe {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) this.byRoute.set(route, (byMethod = new Map()));
    let byClass = byMethod.get(method);
    if (!byClass) byMethod.set(method, (byClass = []));
    const index = statusClassIndex(statusCode);
    return (byClass[index] ??= this.durations.labels({ method, route, status_class: STATUS_CLASSES[index] }).observe);
  }
}

const requestDuration = histogram<HttpLabel>({
  name: 'http_request_duration_seconds',
  help: 'Time from receiving a request to sending the last byte of its answer, by method, route template and status class',
  labelNames: ['method', 'route', 'status_class'],
  buckets: HTTP_DURATION_BUCKETS,
});

const observers = new HttpDurationObservers(requestDuration);

/**
 * Records one answer in `http_request_duration_seconds`: Nest's routes, cache hits, replies sent from hooks and
 * Fastify's not-found handling alike (the edge's `onResponse` step calls it for each). It is on a hot path:
 * synchronous, and no label object is built per request. `route` is the matched template, if any.
 */
export function recordAnswer(request: FastifyRequest, reply: FastifyReply, route: string | undefined): void {
  observers.observerFor(route ?? UNMATCHED_ROUTE, request.method, reply.statusCode)(reply.elapsedTime / 1_000);
}
