import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, ValidationProblemException } from '../problem/problem.exception';
import { pathOfNul } from './unstorable-text';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Refuses U+0000 anywhere in a route's body, query or path parameters, before any DTO, service or statement sees
 * it: PostgreSQL cannot store it, and every route reaches it. Global pipes run before a parameter's own pipes.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const path = pathOfNul(value, metadata.data);
      if (path !== undefined) {
        const field = path || metadata.type;
        throw new ValidationProblemException([{ field, message: `${field} must not contain the character U+0000` }]);
      }
    }
    return super.transform(value, metadata);
  }
}

/**
 * The global pipe: only declared DTO fields pass (unknown fields are a 400, which also stops mass assignment),
 * values are converted to the DTO's types, and failures become one problem+json with `errors[]` per field.
 */
export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblemException(flatten(errors)),
  });
}
