import { createHttpServer } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';

describe('createHttpServer refuses bad edge options at once', () => {
  it('refuses trustedProxies entries that are not addresses or subnets, naming each (EDGE_TRUSTED_PROXY_INVALID)', () => {
    expect(() => createHttpServer({ trustedProxies: ['10.0.0.0/8', 'proxy.local', '10.0.0.1/x'] })).toThrow(
      'Invalid trusted proxies (IP addresses or subnets such as 10.0.0.0/8): proxy.local, 10.0.0.1/x.',
    );
  });

  it('refuses CORS origins that are not origins', () => {
    expect(() => createHttpServer({ cors: { origins: ['https://app.example', 'app.example', 'null'] } })).toThrow(
      'cors.origins must be origins as browsers send them (https://app.example): app.example, null.',
    );
  });
});
