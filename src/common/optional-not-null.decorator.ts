import { applyDecorators } from '@nestjs/common';
import { NotEquals, ValidateIf } from 'class-validator';

/**
 * Refuses `null` with a message naming the field. On a required field, `null` would otherwise only fail the
 * type check; on a partial (PATCH) DTO it says that `null` is not "no change".
 */
export const NotNull = () => NotEquals(null, { message: ({ property }) => `${property} must not be null; leave it out to keep the current value` });

/**
 * An optional field whose column is NOT NULL: absent means "not given" (or, on PATCH, "unchanged"), while `null` is a
 * 400 naming the field instead of reaching the database. `@IsOptional()` skips validation for `null` as well as for
 * `undefined`, so it only fits fields where `null` is meaningful (a nullable column, where it clears the value).
 *
 * Partial DTOs built from a class using this must pass `{ skipNullProperties: false }` to `PartialType`: its default
 * adds `@IsOptional()` to every field, which would let `null` through again.
 */
export const OptionalNotNull = () =>
  applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    NotNull(),
  );
