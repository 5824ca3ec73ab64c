import { requestIdFor } from './request-id';

describe(requestIdFor.name, () => {
  const uuid = /^[0-9a-f-]{36}$/;

  it('keeps a well-formed incoming id', () => {
    expect(requestIdFor({ headers: { 'x-request-id': '01HZX3K9Q2-abc.def:1' } })).toBe('01HZX3K9Q2-abc.def:1');
  });

  it.each([['has space'], ['<script>'], ['x'.repeat(129)], ['line\nbreak'], ['']])('replaces %j with a UUID', (incoming) => {
    expect(requestIdFor({ headers: { 'x-request-id': incoming } })).toMatch(uuid);
  });

  it('generates a UUID when none is sent', () => {
    expect(requestIdFor({ headers: {} })).toMatch(uuid);
  });
});
