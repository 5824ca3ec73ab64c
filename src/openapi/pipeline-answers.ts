import { STATUS_CODES } from 'node:http';
import type { HeadersObject, OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../common/problem/problem-details';
import { deprecationHeaders, type DeprecationPolicy, versionOf } from '../edge/deprecation';
import { DEPRECATION_POLICY, NOT_RATE_LIMITED } from './operation-markers';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDetails' };
const header = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });
const response = (name: string): ReferenceObject => ({ $ref: `#/components/responses/${name}` });

/**
 * What the request pipeline (edge/request-pipeline.ts) adds to every answer, described once here instead of on
 * each route: the request id, rate limits and their 429, problem+json errors with the refusals that come before
 * any route (414, 431), 503 while a dependency is down or the instance drains, conditional GET (304), replayed
 * idempotent answers, deprecation, and `security: []` on public operations. Routes declare only what is theirs.
 */
export function describePipelineAnswers(document: OpenAPIObject, deprecatedVersions: Record<string, DeprecationPolicy>): OpenAPIObject {
  const components = (document.components ??= {});
  components.headers = { ...components.headers, ...PIPELINE_HEADERS };
  components.parameters = { ...components.parameters, RequestId: REQUEST_ID_PARAMETER, IfNoneMatch: IF_NONE_MATCH_PARAMETER };
  components.responses = { ...components.responses, ...PIPELINE_RESPONSES };

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) describeOperation(operation, method, deprecatedVersions[versionOf(path) ?? '']);
    }
  }
  return document;
}

function describeOperation(operation: OperationObject, method: string, versionPolicy: DeprecationPolicy | undefined): void {
  const marked = operation as OperationObject & { [NOT_RATE_LIMITED]?: boolean; [DEPRECATION_POLICY]?: DeprecationPolicy };
  const rateLimited = !marked[NOT_RATE_LIMITED];
  const deprecation = marked[DEPRECATION_POLICY] ?? versionPolicy;
  delete marked[NOT_RATE_LIMITED];
  delete marked[DEPRECATION_POLICY];

  // Routes without `@Auth()` are public (the guards refuse every other route without a token).
  operation.security ??= [];
  operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/RequestId' }];
  if (deprecation) operation.deprecated = true;

  const responses = operation.responses;
  if (method === 'get' && hasHeader(responses['200'], 'ETag')) {
    operation.parameters.push({ $ref: '#/components/parameters/IfNoneMatch' });
    responses['304'] ??= response('NotModified');
  }
  if (operation.requestBody) {
    responses['413'] ??= response('PayloadTooLarge');
    responses['415'] ??= response('UnsupportedMediaType');
  }
  if (rateLimited) responses['429'] ??= response('TooManyRequests');
  responses['503'] ??= response('ServiceUnavailable');
  responses['4XX'] ??= response('RefusedBeforeRouting');

  const replayable = operation.parameters.some((parameter) => (parameter as ParameterObject).name === 'Idempotency-Key');
  for (const [status, answer] of Object.entries(responses)) {
    if (!answer || '$ref' in answer) continue;
    answer.description ||= STATUS_CODES[status] ?? '';
    const headers: HeadersObject = (answer.headers ??= {});
    headers['X-Request-ID'] = header('RequestId');
    if (rateLimited) Object.assign(headers, { RateLimit: header('RateLimit'), 'RateLimit-Policy': header('RateLimitPolicy') });
    if (deprecation) Object.assign(headers, deprecationHeaderObjects(deprecation));
    if (status.startsWith('2') && replayable) headers['Idempotent-Replayed'] = header('IdempotentReplayed');
    // A route's own 429 or 503 (a description of its own) is sent with Retry-After like the pipeline's.
    if (status === '429' || status === '503') headers['Retry-After'] = header('RetryAfter');
    if (/^[45]/.test(status)) answer.content = { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_SCHEMA } };
  }
}

function hasHeader(answer: ResponseObject | ReferenceObject | undefined, name: string): boolean {
  return !!answer && !('$ref' in answer) && !!answer.headers?.[name];
}

function deprecationHeaderObjects(policy: DeprecationPolicy): HeadersObject {
  const sent = deprecationHeaders(policy);
  const headers: HeadersObject = {
    Deprecation: { description: `Deprecated since ${policy.since} (RFC 9745)`, schema: { type: 'string', example: sent.deprecation } },
    Sunset: { description: `Stops answering after ${policy.sunset} (RFC 8594)`, schema: { type: 'string', example: sent.sunset } },
  };
  if (sent.link) headers.Link = { description: 'The successor version (RFC 5829)', schema: { type: 'string', example: sent.link } };
  return headers;
}

const REQUEST_ID_PARAMETER: ParameterObject = {
  name: 'X-Request-ID',
  in: 'header',
  required: false,
  description: 'Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed',
  schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$', example: '5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4' },
};

const IF_NONE_MATCH_PARAMETER: ParameterObject = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'ETags you hold (or `*`): 304 with no body when one is current',
  schema: { type: 'string', example: '"3-Qm9vaz3kZk1x"' },
};

const PIPELINE_HEADERS: HeadersObject = {
  RequestId: {
    description: 'The id of this request (yours when you sent a well-formed one); in every log line and problem body of the request',
    schema: { type: 'string', example: '5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4' },
  },
  RateLimit: {
    description: 'Remaining requests (`r`) and seconds until the window resets (`t`) per limit counted (draft-ietf-httpapi-ratelimit-headers)',
    schema: { type: 'string', example: '"global";r=298;t=15' },
  },
  RateLimitPolicy: {
    description: 'Each limit counted: quota (`q`) per window of `w` seconds',
    schema: { type: 'string', example: '"global";q=300;w=60' },
  },
  RetryAfter: { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0, example: 15 } },
  IdempotentReplayed: {
    description: '`true` when this answer is the stored answer of an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  ETag: { description: 'Version tag: send it in If-None-Match (304) or If-Match (412 when stale)', schema: { type: 'string', example: '"3-Qm9vaz3kZk1x"' } },
};

const problem = (description: string, example: Record<string, unknown>, headers: HeadersObject = {}): ResponseObject => ({
  description,
  headers: { 'X-Request-ID': header('RequestId'), ...headers },
  content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_SCHEMA, example: { requestId: '5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4', ...example } } },
});

const PIPELINE_RESPONSES: Record<string, ResponseObject> = {
  NotModified: {
    description: 'Not Modified: the ETag you sent in If-None-Match is current; no body',
    headers: { ETag: header('ETag'), 'X-Request-ID': header('RequestId') },
  },
  TooManyRequests: problem(
    'Too Many Requests: a rate limit is used up; retry after `Retry-After` seconds',
    {
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      detail: 'Rate limit "global" exceeded',
      instance: '/api/v1/products',
    },
    { 'Retry-After': header('RetryAfter'), RateLimit: header('RateLimit'), 'RateLimit-Policy': header('RateLimitPolicy') },
  ),
  ServiceUnavailable: problem(
    'Service Unavailable: a dependency is down or the instance is shutting down; nothing was done, retry after `Retry-After` seconds',
    {
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'The service is busy; retry shortly',
      instance: '/api/v1/products',
    },
    { 'Retry-After': header('RetryAfter') },
  ),
  PayloadTooLarge: problem('Payload Too Large: the body is over the size limit', {
    type: 'about:blank',
    title: 'Payload Too Large',
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    detail: 'Request body is too large',
    instance: '/api/v1/products',
  }),
  UnsupportedMediaType: problem('Unsupported Media Type: send `application/json`', {
    type: 'about:blank',
    title: 'Unsupported Media Type',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'Unsupported Media Type: text/plain',
    instance: '/api/v1/products',
  }),
  RefusedBeforeRouting: problem(
    'Refused before routing: 414 URI Too Long, 431 Request Header Fields Too Large, 408 Request Timeout, or 400 for malformed HTTP',
    {
      type: 'about:blank',
      title: 'URI Too Long',
      status: 414,
      code: 'URI_TOO_LONG',
      detail: 'A path segment is longer than 256 characters',
      instance: '/api/v1/products',
    },
  ),
};
