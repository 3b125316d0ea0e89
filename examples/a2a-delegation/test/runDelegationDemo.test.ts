import { Writable } from 'node:stream';
import { createLogger } from '@cortex-os/kernel';
import { describe, expect, it } from 'vitest';
import { runDelegationDemo } from '../src/runDelegationDemo.js';

describe('the A2A delegation demo', () => {
  it("runtime A's agent delegates to runtime B's agent over A2A with a bearer token and answers with what B said", async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
    await runDelegationDemo((line) => void lines.push(line), logger);
    const text = lines.join('\n');
    expect(text).toMatch(
      /runtime B \(weather\) serves its agent over A2A at http:\/\/127\.0\.0\.1:\d+\/a2a\/jsonrpc \(bearer token required\)/,
    );
    expect(text).toContain('approve a2a.weather? yes');
    // The tool result is B's task: completed, with B's agent's answer as its text.
    expect(text).toMatch(/A called a2a\.weather \(approval granted\) → succeeded: .*"state":"completed".*Sunny in Oslo\./);
    expect(text).toContain("A's answer (completed): Pack sunglasses: the weather runtime says it is sunny in Oslo.");
  });
});
