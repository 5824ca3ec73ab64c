import { ErrorCode } from '../common/problem/error-code';
import { ProblemException, ValidationProblemException } from '../common/problem/problem.exception';

export const notFound = (kind: 'product' | 'category', idOrSlug: string) =>
  new ProblemException(404, ErrorCode.NotFound, { detail: `No ${kind} has the id or slug ${idOrSlug}` });

/** Raised when a row changed between reading and writing it, and the client sent no If-Match. */
export const editConflict = (kind: 'product' | 'category') =>
  new ProblemException(409, ErrorCode.EditConflict, { detail: `The ${kind} was changed by someone else meanwhile; fetch it again and retry` });

export const taken = (field: 'sku' | 'slug', value: string) =>
  new ProblemException(409, field === 'sku' ? ErrorCode.SkuTaken : ErrorCode.SlugTaken, { detail: `Another live item already has the ${field} ${value}` });

export const unknownCategory = (field = 'categoryId') => new ValidationProblemException([{ field, message: `${field} does not name an existing category` }]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** `:idOrSlug` route parameters: a UUID is an id, anything else a slug. */
export function idOrSlug(value: string): { id?: string; slug?: string } {
  return UUID.test(value) ? { id: value.toLowerCase() } : { slug: value };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
