import Fastify from 'fastify';
import { ErrorCode } from '../problem/error-code';
import { ProblemException } from '../problem/problem.exception';
import {
  etagFor,
  ifMatchSatisfied,
  ifNoneMatchHits,
  notModified,
  parseEntityTagCondition,
  parseIfMatch,
  preconditionFailed,
  strongMatch,
  versionFromEtag,
  weakMatch,
} from './conditional-request';

const ID = '0b7e6f0c-2f4e-4a43-9b1c-2f1de0b0c3a4';
const OTHER_ID = '5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4';

describe('conditional requests', () => {
  describe(etagFor.name, () => {
    it('is a quoted strong tag that changes with the version and the row', () => {
      const tag = etagFor(ID, 7);
      expect(tag).toMatch(/^"7-[A-Za-z0-9_-]{12}"$/);
      expect(etagFor(ID, 7)).toBe(tag);
      expect(etagFor(ID, 8)).not.toBe(tag);
      expect(etagFor(OTHER_ID, 7)).not.toBe(tag);
    });

    it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses version %p', (version) => {
      expect(() => etagFor(ID, version)).toThrow(RangeError);
    });
  });

  describe(versionFromEtag.name, () => {
    it('reads the version back from a tag of the same row', () => {
      expect(versionFromEtag(etagFor(ID, 0), ID)).toBe(0);
      expect(versionFromEtag(etagFor(ID, 42), ID)).toBe(42);
      expect(versionFromEtag(` ${etagFor(ID, 42)} `, ID)).toBe(42);
    });

    it.each([
      ['another row’s tag', etagFor(OTHER_ID, 3)],
      ['a weak tag', `W/${etagFor(ID, 3)}`],
      ['an unquoted tag', etagFor(ID, 3).slice(1, -1)],
      ['a bare version', '"3"'],
      ['a foreign tag', '"abc"'],
      ['a list', `${etagFor(ID, 3)}, ${etagFor(ID, 4)}`],
      ['a wildcard', '*'],
      ['nothing', ''],
    ])('is undefined for %s', (_what, etag) => {
      expect(versionFromEtag(etag, ID)).toBeUndefined();
    });
  });

  describe(parseEntityTagCondition.name, () => {
    it('is undefined when the header is absent', () => {
      expect(parseIfMatch(undefined)).toBeUndefined();
    });

    it('reads * (with optional whitespace)', () => {
      expect(parseIfMatch('*')).toEqual({ any: true });
      expect(parseIfMatch(' *\t')).toEqual({ any: true });
    });

    it('reads lists with optional whitespace, weak tags and empty elements (RFC 9110 §5.6.1)', () => {
      expect(parseIfMatch('"a"')).toEqual({ etags: ['"a"'] });
      expect(parseIfMatch('"a","b"')).toEqual({ etags: ['"a"', '"b"'] });
      expect(parseIfMatch(' "a" ,\tW/"b" , , "" ,')).toEqual({ etags: ['"a"', 'W/"b"', '""'] });
      expect(parseIfMatch(', "a"')).toEqual({ etags: ['"a"'] });
    });

    it('keeps commas, slashes and obs-text inside a tag', () => {
      expect(parseIfMatch('"a,b", "c"')).toEqual({ etags: ['"a,b"', '"c"'] });
      expect(parseIfMatch('"W/x"')).toEqual({ etags: ['"W/x"'] });
      expect(parseIfMatch('"é"')).toEqual({ etags: ['"é"'] });
    });

    it('joins repeated header fields into one list', () => {
      expect(parseEntityTagCondition(['"a"', 'W/"b"'])).toEqual({ etags: ['"a"', 'W/"b"'] });
    });

    it.each([
      ['an unquoted tag', 'abc'],
      ['a lower-case weak prefix', 'w/"a"'],
      ['space after W/', 'W/ "a"'],
      ['an unterminated tag', '"abc'],
      ['a quote inside a tag', '"a"b"'],
      ['two tags without a comma', '"a" "b"'],
      ['* inside a list', '"a", *'],
      ['a control character', '"a\u0001"'],
      ['a space inside a tag', '"a b"'],
    ])('parses %s to a list that matches nothing', (_what, header) => {
      expect(parseIfMatch(header)).toEqual({ etags: [] });
    });
  });

  describe('comparison (RFC 9110 §8.8.3.2)', () => {
    it.each([
      ['W/"1"', 'W/"1"', false, true],
      ['W/"1"', 'W/"2"', false, false],
      ['W/"1"', '"1"', false, true],
      ['"1"', '"1"', true, true],
      ['"1"', '"2"', false, false],
      ['1', '1', false, false],
    ])('%s vs %s: strong %p, weak %p', (a, b, strong, weak) => {
      expect(strongMatch(a, b)).toBe(strong);
      expect(weakMatch(a, b)).toBe(weak);
    });
  });

  describe(ifMatchSatisfied.name, () => {
    const current = etagFor(ID, 3);

    it('holds without the header, whether or not the resource exists', () => {
      expect(ifMatchSatisfied(undefined, current)).toBe(true);
      expect(ifMatchSatisfied(undefined, undefined)).toBe(true);
    });

    it('holds for * only while the resource exists', () => {
      expect(ifMatchSatisfied('*', current)).toBe(true);
      expect(ifMatchSatisfied('*', undefined)).toBe(false);
    });

    it('holds when any listed tag is the current one, by strong comparison', () => {
      expect(ifMatchSatisfied(current, current)).toBe(true);
      expect(ifMatchSatisfied(`${etagFor(ID, 2)}, ${current}`, current)).toBe(true);
      expect(ifMatchSatisfied(etagFor(ID, 2), current)).toBe(false);
      expect(ifMatchSatisfied(`W/${current}`, current)).toBe(false);
      expect(ifMatchSatisfied(etagFor(OTHER_ID, 3), current)).toBe(false);
      expect(ifMatchSatisfied(current, undefined)).toBe(false);
    });

    it('fails closed on a malformed header, and on an empty one', () => {
      expect(ifMatchSatisfied(current.slice(1, -1), current)).toBe(false);
      expect(ifMatchSatisfied(`${current} garbage`, current)).toBe(false);
      expect(ifMatchSatisfied('', current)).toBe(false);
    });
  });

  describe(ifNoneMatchHits.name, () => {
    const current = etagFor(ID, 3);

    it('misses without the header', () => {
      expect(ifNoneMatchHits(undefined, current)).toBe(false);
    });

    it('hits on * and on a listed tag by weak comparison', () => {
      expect(ifNoneMatchHits('*', current)).toBe(true);
      expect(ifNoneMatchHits(current, current)).toBe(true);
      expect(ifNoneMatchHits(`W/${current}`, current)).toBe(true);
      expect(ifNoneMatchHits(`"x", W/"y",${current}`, current)).toBe(true);
      expect(ifNoneMatchHits(current, `W/${current}`)).toBe(true);
    });

    it('misses on other tags and on malformed headers', () => {
      expect(ifNoneMatchHits(etagFor(ID, 2), current)).toBe(false);
      expect(ifNoneMatchHits(`"x", ${etagFor(ID, 4)}`, current)).toBe(false);
      expect(ifNoneMatchHits(current.slice(1, -1), current)).toBe(false);
      expect(ifNoneMatchHits(`${current} ${current}`, current)).toBe(false);
      expect(ifNoneMatchHits('', current)).toBe(false);
    });
  });

  describe(preconditionFailed.name, () => {
    it('is a 412 problem with the PRECONDITION_FAILED code', () => {
      const sut = preconditionFailed('Product 7 has changed');
      expect(sut).toBeInstanceOf(ProblemException);
      expect(sut.getStatus()).toBe(412);
      expect(sut.code).toBe(ErrorCode.PreconditionFailed);
      expect(sut.problem.detail).toBe('Product 7 has changed');
      expect(preconditionFailed().problem.detail).toMatch(/current ETag/);
    });
  });

  describe(notModified.name, () => {
    it('answers 304 with the ETag and an empty body', async () => {
      const current = etagFor(ID, 3);
      const server = Fastify();
      server.get('/thing', (_request, reply) => {
        notModified(reply, current).send();
      });
      const response = await server.inject({ method: 'GET', url: '/thing' });
      expect(response.statusCode).toBe(304);
      expect(response.headers.etag).toBe(current);
      expect(response.body).toBe('');
      await server.close();
    });
  });
});
