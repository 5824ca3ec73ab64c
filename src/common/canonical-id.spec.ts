import { CanonicalIdOrSlugPipe, CanonicalUuidPipe } from './canonical-id';
import { ValidationProblemException } from './problem/problem.exception';

describe(CanonicalUuidPipe.name, () => {
  const sut = new CanonicalUuidPipe();
  const id = '615d7d8e-4b1a-4c2e-9f3d-0a1b2c3d4e5f';

  it('lower-cases a UUID in any spelling', () => {
    for (const spelling of [id, id.toUpperCase(), '615D7d8E-4B1a-4C2e-9F3d-0A1b2C3d4E5f'])
      expect(sut.transform(spelling, { type: 'param', data: 'id' })).toBe(id);
  });

  it.each([['not-a-uuid'], [`${id}x`], [` ${id}`], ['615d7d8e4b1a4c2e9f3d0a1b2c3d4e5f'], ['']])(
    'refuses %j with a validation problem naming the parameter',
    (value) => {
      const thrown = (() => {
        try {
          sut.transform(value, { type: 'param', data: 'id' });
        } catch (error) {
          return error;
        }
      })();
      expect(thrown).toBeInstanceOf(ValidationProblemException);
      expect((thrown as ValidationProblemException).errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    },
  );
});

describe(CanonicalIdOrSlugPipe.name, () => {
  it('lower-cases ids and slugs alike', () => {
    const sut = new CanonicalIdOrSlugPipe();
    expect(sut.transform('615D7D8E-4B1A-4C2E-9F3D-0A1B2C3D4E5F')).toBe('615d7d8e-4b1a-4c2e-9f3d-0a1b2c3d4e5f');
    expect(sut.transform('Oak-Table')).toBe('oak-table');
  });
});
