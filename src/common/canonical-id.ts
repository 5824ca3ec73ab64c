import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidationProblemException } from './problem/problem.exception';

/** A UUID (RFC 9562, versions 1 to 8) in either case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The one spelling of an identifier that everything after the boundary compares, caches and audits: lower case.
 * UUIDs are case-insensitive on input and lower case on output (RFC 4122 §3), and PostgreSQL's `uuid` type matches
 * either case, so an id compared as a string in either spelling would name the same row twice.
 */
export const canonicalId = (value: string): string => value.toLowerCase();

/**
 * `:id` route parameters: a UUID in any case becomes its canonical lower-case spelling; anything else is a 400
 * naming the parameter, in the validation problem format.
 */
@Injectable()
export class CanonicalUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (!isUuid(value)) {
      const field = metadata.data ?? 'id';
      throw new ValidationProblemException([{ field, message: `${field} must be a UUID` }]);
    }
    return canonicalId(value);
  }
}

/**
 * `:idOrSlug` route parameters, lower-cased: an id in its canonical spelling, and a slug, which is lower case by
 * definition (see `SLUG_PATTERN`), as the one slug it can name. Whether it names anything is the service's business.
 */
@Injectable()
export class CanonicalIdOrSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    return canonicalId(value);
  }
}

/** A DTO field that may hold a UUID: a UUID is lower-cased before validation; any other value is left as it is. */
export const CanonicalUuid = () => Transform(({ value }) => (isUuid(value) ? canonicalId(value) : value));
