import { describe, expect, it } from 'vitest';
import { errorBodyMessage } from '@cortex-os/provider-kit';

describe('errorBodyMessage', () => {
  it('reads the OpenAI, Ollama/llama.cpp and FastAPI error shapes', () => {
    expect(errorBodyMessage({ error: { message: 'Rate limit reached', type: 'requests' } })).toBe('Rate limit reached');
    expect(errorBodyMessage({ error: 'model "x" not found' })).toBe('model "x" not found');
    expect(errorBodyMessage({ detail: 'Not Found' })).toBe('Not Found');
    expect(errorBodyMessage({ detail: [{ loc: ['body'], msg: 'field required' }] })).toBe('[{"loc":["body"],"msg":"field required"}]');
  });

  it('is undefined for a body with none of them', () => {
    expect(errorBodyMessage({})).toBeUndefined();
    expect(errorBodyMessage({ error: { code: 42 } })).toBeUndefined();
  });
});
