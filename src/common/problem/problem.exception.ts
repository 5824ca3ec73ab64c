import { HttpException } from '@nestjs/common';
import { ErrorCode } from './error-code';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `price` or `items.0.sku`. */
  field: string;
  message: string;
}

export interface ProblemOptions {
  detail?: string;
  /** Extension members added to the body (RFC 9457 §3.2). */
  extensions?: Record<string, unknown>;
  /** Response headers that belong to the problem, e.g. `Retry-After` or `Allow`. */
  headers?: Record<string, string>;
}

/**
 * A domain error with a stable machine `code`; the global filter renders it as RFC 9457 problem+json.
 * Services throw these (or Nest's HttpExceptions); never raw errors for expected conditions.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: ErrorCode,
    readonly problem: ProblemOptions = {},
  ) {
    super(problem.detail ?? code, status);
  }
}

export class ValidationProblemException extends ProblemException {
  constructor(readonly errors: FieldError[]) {
    super(400, ErrorCode.ValidationFailed, {
      detail: errors.length === 1 ? errors[0].message : `${errors.length} fields are invalid`,
      extensions: { errors },
    });
  }
}
