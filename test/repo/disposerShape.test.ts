import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// ADR 0016: every registration and listener in the kernel's and the HTTP contract's doors returns
// a `Disposer`. Read from the committed API reports, which api:check keeps current.
const packagesDir = join(import.meta.dirname, '..', '..', 'packages');
const reports = [
  'kernel/etc/kernel.api.md',
  'kernel/etc/kernel-resilience.api.md',
  'kernel/etc/kernel-router.api.md',
  'http-api/etc/http-api.api.md',
];

/** `register(…)`, `intercept(interceptor…)` and `onX(listener…)` methods: what callers undo. */
const undoable = /^ +(register|intercept|on[A-Z]\w*)\((listener|interceptor|tool|definition|prompt)\b.*\): (.+);$/;

describe('one disposer shape (ADR 0016)', () => {
  it.each(reports)('%s: every registration and listener returns a Disposer', (report) => {
    const methods = readFileSync(join(packagesDir, report), 'utf8')
      .split(/\r?\n/)
      .map((line) => undoable.exec(line))
      .filter((match) => match !== null);
    expect(methods.filter(([, , , returned]) => returned !== 'Disposer').map(([line]) => line.trim())).toEqual([]);
  });

  it('finds the registrations it checks', () => {
    const kernel = readFileSync(join(packagesDir, 'kernel/etc/kernel.api.md'), 'utf8');
    const count = kernel.split(/\r?\n/).filter((line) => undoable.test(line)).length;
    expect(count).toBeGreaterThanOrEqual(10);
  });
});
