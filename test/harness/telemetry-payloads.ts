import type { ReceivedRequest } from './fake-receiver';

export interface EnvelopeItem {
  type: string;
  payload: Record<string, unknown>;
}

/**
 * The items of Sentry envelopes (https://develop.sentry.dev/sdk/data-model/envelopes/): a header line, then
 * for each item a header line and a JSON payload line.
 */
export function envelopeItems(requests: ReceivedRequest[]): EnvelopeItem[] {
  return requests
    .filter(({ path }) => path.includes('/envelope/'))
    .flatMap(({ body }) => {
      const lines = body.split('\n');
      const items: EnvelopeItem[] = [];
      for (let index = 1; index + 1 < lines.length; index += 2) {
        if (!lines[index]) continue;
        const { type } = JSON.parse(lines[index]) as { type: string };
        items.push({ type, payload: JSON.parse(lines[index + 1]) as Record<string, unknown> });
      }
      return items;
    });
}

/** OTLP's span kinds (`SPAN_KIND_*`). */
export const SpanKind = { Internal: 1, Server: 2, Client: 3 } as const;

export interface ExportedSpan {
  serviceName?: string;
  kind: number;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, string | number | boolean | undefined>;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number };
}

interface OtlpTraces {
  resourceSpans: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans: Array<{
      scope: { name: string };
      spans: Array<{ traceId: string; spanId: string; parentSpanId?: string; kind: number; name: string; attributes?: OtlpAttribute[] }>;
    }>;
  }>;
}

/** Spans from OTLP/HTTP JSON export requests (what `@opentelemetry/exporter-trace-otlp-http` sends), flattened. */
export function exportedSpans(requests: ReceivedRequest[]): ExportedSpan[] {
  return requests
    .filter(({ path, headers }) => path === '/v1/traces' && headers['content-type'] === 'application/json')
    .flatMap(({ body }) => (JSON.parse(body) as OtlpTraces).resourceSpans)
    .flatMap(({ resource, scopeSpans }) => {
      const serviceName = attributeMap(resource?.attributes)['service.name'] as string | undefined;
      return scopeSpans.flatMap(({ scope, spans }) =>
        spans.map((span) => ({
          serviceName,
          kind: span.kind,
          scope: scope.name,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          name: span.name,
          attributes: attributeMap(span.attributes),
        })),
      );
    });
}

function attributeMap(attributes: OtlpAttribute[] = []): ExportedSpan['attributes'] {
  return Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ?? (value.intValue === undefined ? undefined : Number(value.intValue)) ?? value.boolValue ?? value.doubleValue,
    ]),
  );
}
