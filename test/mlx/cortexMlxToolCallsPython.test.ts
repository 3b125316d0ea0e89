import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The repo has no Python test runner: the worker's parser tests (standard library `unittest`, no
// mlx needed) run here, in a child process bounded by a kill timer.
const testDir = fileURLToPath(new URL('../../packages/plugin-mlx/test/python', import.meta.url));

function runUnittest(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-m', 'unittest', 'discover', '-s', testDir, '-p', 'test_*.py', '-v'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('cortex_mlx_tool_calls.py and cortex_mlx_chat_template.py (Python unit tests, no MLX needed)', () => {
  it('pass under python3 -m unittest', async () => {
    const { code, output } = await runUnittest();
    expect(output).toMatch(/\nOK\n?$/);
    expect(output).toMatch(/^Ran \d+ tests/m);
    expect(code, output).toBe(0);
  });
});
