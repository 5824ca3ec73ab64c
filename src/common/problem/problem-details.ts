import { STATUS_CODES } from 'node:http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './error-code';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One invalid field of a request (validation errors only). */
export class FieldProblem {
  @ApiProperty({ example: 'price', description: 'The field, with a dotted path for nested fields (`items.0.sku`)' })
  field!: string;

  @ApiProperty({ example: 'price must not be less than 0' })
  message!: string;
}

/** RFC 9457 body. Documented once and referenced by every error response in the OpenAPI document. */
export class ProblemDetails {
  @ApiProperty({ example: 'about:blank', description: 'URI identifying the problem type' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiProperty({ example: 'No product has the id 0b7e…' })
  detail!: string;

  @ApiProperty({ example: '/api/v1/products/0b7e…', description: 'The request path this occurrence belongs to' })
  instance!: string;

  @ApiProperty({ enum: ErrorCode, example: ErrorCode.NotFound })
  code!: string;

  @ApiProperty({ example: '5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4', description: 'Quote it to support; it is in every log line of the request' })
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldProblem], description: 'Per-field problems (validation errors only)' })
  errors?: FieldProblem[];
}

/** RFC 9457 §4.2.1: `about:blank` when the status code says it all; a stable URN per domain code otherwise. */
export function problemType(code: string, status: number): string {
  const generic = code === defaultCodeTitle(status);
  return generic ? 'about:blank' : `urn:problem:catalog-api:${code.toLowerCase().replace(/_/g, '-')}`;
}

function defaultCodeTitle(status: number): string {
  return (STATUS_CODES[status] ?? '').toUpperCase().replace(/[^A-Z]+/g, '_');
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** The fields of one occurrence; {@link problemBody} derives `type` and `title` from them. */
export interface ProblemOccurrence {
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  extensions?: Record<string, unknown>;
}

/** The RFC 9457 body of one occurrence, the same whichever layer answers (the filter, the router, the HTTP parser). */
export function problemBody({ status, code, detail, instance, requestId, extensions }: ProblemOccurrence): ProblemDetails {
  return { type: problemType(code, status), title: statusTitle(status), status, detail, instance, code, requestId, ...extensions };
}
