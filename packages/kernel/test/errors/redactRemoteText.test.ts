import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRawDatabaseText, redactRemoteText } from '@cortex-os/kernel';

describe('redactRemoteText', () => {
  it.each([
    ['cannot open /home/x/secret.db', 'cannot open <path>'],
    ['report "/srv/app/reports/coverage.json" is bad', 'report "<path>" is bad'],
    ['see ~/.config/app.json', 'see <path>'],
    ['at C:\\Users\\x\\app.db now', 'at <path> now'],
    ['load file:///opt/app/x.js failed', 'load <path> failed'],
    ['boom\n    at fn (/srv/app/x.js:1:2)\n    at node:internal/run:3:4', 'boom'],
    ['boom at Object.<anonymous> (file:///srv/a.js:1:2) after', 'boom after'],
  ])('redacts %j', (input, output) => {
    expect(redactRemoteText(input)).toBe(output);
  });

  it.each([
    'No route for GET /nope.',
    'Fetch http://127.0.0.1:3000/v1/models failed',
    'must match /^[a-z]+$/',
    'Unknown tool "a.b". Did you mean "a.c"?',
  ])('keeps %j', (input) => {
    expect(redactRemoteText(input)).toBe(input);
  });

  it('keeps what the caller itself sent where it stands alone, and nothing it shields', () => {
    expect(redactRemoteText('No route for GET /api/v1/nope.', ['/api/v1/nope'])).toBe('No route for GET /api/v1/nope.');
    expect(redactRemoteText('cannot open /home/x/secret.db', ['x'])).toBe('cannot open <path>');
    expect(redactRemoteText('cannot open /home/x/secret.db', ['/home/x'])).toBe('cannot open <path>');
    expect(redactRemoteText('a /srv/a.b/c and /srv/a.b/c', ['/srv/a.b/c', ''])).toBe('a /srv/a.b/c and /srv/a.b/c');
  });

  it('never lets an absolute path of two or more segments through', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 2, maxLength: 6 }), fc.string(), fc.string(), (segments, before, after) => {
        const path = `/${segments.join('/')}`;
        expect(redactRemoteText(`${before} ${path} ${after}`)).not.toContain(path);
        // Text the caller sent that is only part of the path shields none of it.
        const part = [segments[0] as string, `/${segments.slice(0, -1).join('/')}`];
        expect(redactRemoteText(`${before} ${path} ${after}`, part)).not.toContain(path);
      }),
    );
  });
});

describe('isRawDatabaseText', () => {
  it.each([
    'SQLITE_ERROR: near "x": syntax error',
    'no such table: memories',
    'UNIQUE constraint failed: memories.id',
    'database disk image is malformed',
    'file is not a database',
    'duplicate key value violates unique constraint "memories_pkey"',
    'relation "memories" does not exist',
  ])('recognises %j', (text) => {
    expect(isRawDatabaseText(text)).toBe(true);
  });

  it('does not flag ordinary messages', () => {
    expect(isRawDatabaseText('no memory with id m1.')).toBe(false);
  });
});
