import { IsString } from 'class-validator';
import { ValidationProblemException } from '../problem/problem.exception';
import { createValidationPipe } from './validation.pipe';

class LoginBody {
  @IsString()
  email!: string;
}

/** The field errors the pipe refuses `value` with, or the value it passes on. */
async function outcome(value: unknown, metadata: Parameters<ReturnType<typeof createValidationPipe>['transform']>[1]): Promise<unknown> {
  try {
    return await createValidationPipe().transform(value, metadata);
  } catch (error) {
    if (error instanceof ValidationProblemException) return error.errors;
    throw error;
  }
}

describe('the global validation pipe', () => {
  it('refuses U+0000 in path parameters, queries and bodies, naming the field', async () => {
    expect(await outcome('a\u0000b', { type: 'param', data: 'idOrSlug', metatype: String })).toEqual([
      { field: 'idOrSlug', message: 'idOrSlug must not contain the character U+0000' },
    ]);
    expect(await outcome({ email: 'a\u0000' }, { type: 'query', metatype: Object })).toEqual([
      { field: 'email', message: 'email must not contain the character U+0000' },
    ]);
    expect(await outcome({ email: 'a\u0000b@example.com' }, { type: 'body', metatype: LoginBody })).toEqual([
      { field: 'email', message: 'email must not contain the character U+0000' },
    ]);
    expect(await outcome('a\u0000', { type: 'body', metatype: String })).toEqual([{ field: 'body', message: 'body must not contain the character U+0000' }]);
  });

  it('validates as before otherwise, and leaves custom parameters (the current user) alone', async () => {
    expect(await outcome({ email: 'ada@example.com' }, { type: 'body', metatype: LoginBody })).toEqual(
      Object.assign(new LoginBody(), { email: 'ada@example.com' }),
    );
    expect(await outcome({ email: 1 }, { type: 'body', metatype: LoginBody })).toEqual([{ field: 'email', message: 'email must be a string' }]);
    const user = { id: 'u1', name: 'a\u0000' };
    expect(await outcome(user, { type: 'custom', metatype: Object })).toBe(user);
  });
});
