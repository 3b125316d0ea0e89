import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@cortex-os/kernel';
import { describe, expect, it } from 'vitest';
import { assembleAgentRuntime } from '../src/assembleAgentRuntime.js';
import { runAgentDemo } from '../src/runAgentDemo.js';

describe('the agent runtime demo', () => {
  it('says plainly that no generating model is configured, runs the scripted model labelled as such, in-process with memory, over REST and MCP', async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
    const memoryDir = mkdtempSync(join(tmpdir(), 'agent-demo-memory-'));
    try {
      await runAgentDemo(assembleAgentRuntime({ logger, memoryDir }), (line) => void lines.push(line));
    } finally {
      rmSync(memoryDir, { recursive: true, force: true });
    }
    const text = lines.join('\n');
    expect(text).toMatch(
      /HTTP on http:\/\/127\.0\.0\.1:\d+: tools over REST under \/api\/v1\/tools, tasks under \/api\/v1\/tasks, MCP at \/mcp/,
    );
    // Nothing is configured here: every real provider says why not, without connecting anywhere.
    expect(text).toContain('model ollama: unavailable — no base URL configured');
    expect(text).toContain('model openai: unavailable — no API key configured');
    expect(text).toContain('No generating model with tool calling is available: the demo runs the scripted model "scripted-demo"');
    expect(text).toContain(
      'step 1 [scripted] notes.search {"term":"standup"} → succeeded: {"notes":["Standup moves to 10:00 from Monday."]}',
    );
    expect(text).toContain('step 2 [scripted] answered: From the notes: Standup moves to 10:00 from Monday.');
    expect(text).toContain('completed (final-answer) after 2 steps, 1 tool calls');
    // Memory: the first run recalls nothing and stores its answer; asked again, the agent recalls that answer and cites it.
    const stored = text.match(/memory: stored the answer as \[([0-9a-f-]{36})\]/)?.[1];
    expect(text).toContain('memory: recalled 0 (hybrid search)');
    expect(text).toMatch(new RegExp(`memory: recalled 1 \\(hybrid search\\): \\[${stored}\\] \\d\\.\\d\\d`));
    const cited = `From the notes: Standup moves to 10:00 from Monday. (as I answered before: [${stored}])`;
    expect(text).toContain(`step 2 [scripted] answered: ${cited}`);
    expect(text).toContain(`REST: POST /api/v1/tools/agent.assistant → 200: completed in 2 steps: "${cited}"`);
    expect(text).toContain(`MCP: tools/call agent.assistant → progress 1/4, 2/4; completed: "${cited}"`);
    // A durable task: its events streamed as they happen, an approval by a person, then the end.
    const planAt = lines.findIndex((line) => line.startsWith('plan: '));
    const task = lines.slice(
      lines.findIndex((line) => line.startsWith('tasks: ')),
      planAt,
    );
    expect(task).toEqual([
      'tasks: POST /api/v1/tasks → 202; streaming GET /api/v1/tasks/<id>/events',
      '  task event 1: submitted',
      '  task event 2: working',
      '  task event 3: model model:0 done',
      '  task event 4: approval approval:0:call_add started',
      '  task event 5: input-required (tool "notes.add" (call approval:0:call_add) waits for approval)',
      '  a person approves approval:0:call_add: POST /api/v1/tasks/<id>/input → 200',
      '  task event 6: approval approval:0:call_add done',
      '  task event 7: input input-3 done',
      '  task event 8: submitted',
      '  task event 9: working',
      '  task event 10: tool tool:0:call_add started',
      '  task event 11: tool tool:0:call_add done',
      '  task event 12: model model:1 done',
      '  task event 13: completed',
      '  the task ended completed: "Added the note: Retro moves to Friday."',
    ]);
    // Cerebrum: a plan validated and run, a critique round, a learned example recalled by a similar goal.
    const planning = lines.slice(planAt);
    const example = planning[3]?.match(/^ {2}learned example stored as \[([0-9a-f-]{36})\]$/)?.[1];
    expect(example).toBeDefined();
    expect(planning).toEqual([
      'plan: Write down when the standup is → find (notes.search), save (notes.add)',
      '  ran find, save; found: {"notes":["Standup moves to 10:00 from Monday."]}',
      '  critique: 1 round(s), satisfied: "The standup moved. Standup moves to 10:00 from Monday."',
      `  learned example stored as [${example}]`,
      `plan: Write down when the deploy key rotates → informed by [${example}]`,
      '  find: confidence 1 (changed: term)',
      '  save: confidence 0.5 (changed: text)',
    ]);
  });
});
