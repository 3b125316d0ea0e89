import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import type { ModelToolCall, ModelToolDefinition } from '@cortex-os/kernel/router';
import { emulateToolChoice } from '../../src/chat/emulateToolChoice.js';

const tool = (name: string): ModelToolDefinition => ({ name, description: name, inputSchema: { type: 'object' } });
const tools = [tool('search'), tool('answer')];
const call = (name: string): ModelToolCall => ({ id: `call_${name}`, name, arguments: '{}' });

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('emulateToolChoice', () => {
  it('sends every tool and checks nothing for auto, or no choice', () => {
    for (const plan of [emulateToolChoice(tools), emulateToolChoice(tools, 'auto')]) {
      expect(plan.tools).toEqual(tools);
      expect(() => plan.check('ollama', [], 'plain text')).not.toThrow();
    }
    expect(emulateToolChoice(undefined).tools).toEqual([]);
  });

  it('sends no tools for none, so the model cannot call any', () => {
    const plan = emulateToolChoice(tools, 'none');
    expect(plan.tools).toEqual([]);
    expect(() => plan.check('ollama', [], 'text')).not.toThrow();
  });

  it('sends only the named tool, and requires every call to be of it', () => {
    const plan = emulateToolChoice(tools, { name: 'answer' });
    expect(plan.tools).toEqual([tool('answer')]);
    expect(() => plan.check('ollama', [call('answer')], '')).not.toThrow();
    const error = thrown(() => plan.check('ollama', [call('search')], ''));
    expect(CortexError.is(error, 'PROVIDER_REQUEST_FAILED')).toBe(true);
    expect((error as CortexError).message).toBe(
      'Provider "ollama" answered without calling tool "answer", which toolChoice {"name":"answer"} requires (Ollama has no tool_choice; the provider checks the reply).',
    );
    expect((error as CortexError).details).toEqual({
      provider: 'ollama',
      reason: 'tool-choice-unmet',
      toolChoice: { name: 'answer' },
      called: ['search'],
      rawText: '',
      retryable: false,
    });
  });

  it('sends every tool for required, and refuses a reply without a call, keeping its text', () => {
    const plan = emulateToolChoice(tools, 'required');
    expect(plan.tools).toEqual(tools);
    expect(() => plan.check('ollama', [call('search'), call('answer')], '')).not.toThrow();
    const error = thrown(() => plan.check('local', [], 'I would rather chat.')) as CortexError;
    expect(error.message).toBe(
      'Provider "local" answered without calling a tool, which toolChoice "required" requires (Ollama has no tool_choice; the provider checks the reply).',
    );
    expect(error.details).toMatchObject({ rawText: 'I would rather chat.', called: [] });
    expect(CortexError.is(error.cause, 'OLLAMA_TOOL_CHOICE_UNMET')).toBe(true);
    expect((error.cause as CortexError).kind).toBe('upstream-failed');
  });

  it('refuses a choice the offered tools cannot satisfy, as the caller’s mistake', () => {
    const named = thrown(() => emulateToolChoice(tools, { name: 'fetch' })) as CortexError;
    expect(named.code).toBe('OLLAMA_REQUEST_INVALID');
    expect(named.kind).toBe('invalid-input');
    expect(named.message).toBe(
      'The generate request cannot be sent to Ollama: toolChoice names "fetch", which is not among the tools offered (search, answer).',
    );
    expect(named.details).toEqual({ toolChoice: { name: 'fetch' }, offered: ['search', 'answer'] });
    const required = thrown(() => emulateToolChoice([], 'required')) as CortexError;
    expect(required.message).toBe(
      'The generate request cannot be sent to Ollama: toolChoice "required" needs tools, and none are offered.',
    );
  });
});
