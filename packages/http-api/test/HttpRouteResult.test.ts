import { httpResponse, httpServiceToken, isHttpResponse, isHttpStreamBody } from '@cortex-os/http-api';
import { describe, expect, it } from 'vitest';

describe('httpResponse', () => {
  it('marks a copy of the result, recognised by isHttpResponse', () => {
    const result = { status: 201, body: { ok: true } };
    const marked = httpResponse(result);
    expect(marked).toEqual(result);
    expect(marked).not.toBe(result);
    expect(isHttpResponse(marked)).toBe(true);
    expect(isHttpResponse(result)).toBe(false);
    expect(isHttpResponse(null)).toBe(false);
    expect(isHttpResponse('201')).toBe(false);
    // The marker is not enumerable: the response serialises as what it holds.
    expect(JSON.stringify(marked)).toBe('{"status":201,"body":{"ok":true}}');
  });
});

describe('isHttpStreamBody', () => {
  it('is true for async iterables only', async () => {
    async function* chunks() {
      yield 'a';
    }
    expect(isHttpStreamBody(chunks())).toBe(true);
    expect(isHttpStreamBody({ [Symbol.asyncIterator]: () => chunks() })).toBe(true);
    expect(isHttpStreamBody(['a'])).toBe(false);
    expect(isHttpStreamBody('a')).toBe(false);
    expect(isHttpStreamBody(Buffer.from('a'))).toBe(false);
    expect(isHttpStreamBody(undefined)).toBe(false);
  });
});

describe('httpServiceToken', () => {
  it('is the http.service token', () => {
    expect(httpServiceToken.id).toBe('http.service');
    expect(httpServiceToken.multi).toBe(false);
  });
});
