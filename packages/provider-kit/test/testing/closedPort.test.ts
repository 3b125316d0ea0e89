import { describe, expect, it } from 'vitest';
import { rejectionOf } from '@cortex-os/kernel/testing';
import { closedPort } from '@cortex-os/provider-kit/testing';

describe('closedPort', () => {
  it('gives a port of 127.0.0.1 that refuses connections', async () => {
    const port = await closedPort();
    expect(port).toBeGreaterThan(0);
    expect(await rejectionOf(fetch(`http://127.0.0.1:${port}/`))).toMatchObject({
      cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
    });
  });
});
