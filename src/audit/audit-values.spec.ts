import { changedValues, REDACTED } from './audit-values';

describe('changedValues', () => {
  const createdAt = new Date('2026-01-01T00:00:00Z');

  it('keeps only the fields that changed, old beside new', () => {
    const before = { id: 'p1', name: 'Lamp', price: 100, stock: 3, version: 1, createdAt, updatedAt: new Date(1) };
    const after = { ...before, price: 120, version: 2, updatedAt: new Date(2) };
    expect(changedValues(before, after)).toEqual({ oldValues: { price: 100, version: 1 }, newValues: { price: 120, version: 2 } });
  });

  it('records a creation as new values only and a deletion as old values only, dates as ISO strings', () => {
    expect(changedValues(undefined, { id: 'p1', createdAt })).toEqual({ oldValues: null, newValues: { id: 'p1', createdAt: '2026-01-01T00:00:00.000Z' } });
    expect(changedValues({ id: 'p1' }, undefined)).toEqual({ oldValues: { id: 'p1' }, newValues: null });
  });

  it('never lets a secret value in, only the fact that it changed', () => {
    const { oldValues, newValues } = changedValues({ passwordHash: '$argon2id$old', name: 'A' }, { passwordHash: '$argon2id$new', name: 'A' });
    expect(oldValues).toEqual({ passwordHash: REDACTED });
    expect(newValues).toEqual({ passwordHash: REDACTED });
    expect(changedValues(undefined, { refreshToken: 'abc', accessToken: 'x' }).newValues).toEqual({ refreshToken: REDACTED, accessToken: REDACTED });
  });

  it('treats a field that appears or disappears as changed, to or from null', () => {
    expect(changedValues({ a: 1 }, { a: 1, b: 2 })).toEqual({ oldValues: { b: null }, newValues: { b: 2 } });
    expect(changedValues({ a: 1, b: 2 }, { a: 1 })).toEqual({ oldValues: { b: 2 }, newValues: { b: null } });
  });
});
