import { connect } from 'node:net';
import type { LoadedCliConfig } from './loadCliConfig.js';

/** One doctor check's outcome. */
export interface DoctorCheck {
  readonly name: string;
  readonly problem?: string;
  readonly detail?: string;
}

/** The OpenAI-compatible provider's endpoint when `baseUrl` is not set (see `@cortex-os/plugin-openai`). */
const openAiPublicBaseUrl = 'https://api.openai.com/v1';

/** The endpoint each configured provider would call; `undefined` when it has none. */
function providerEndpoints(loaded: LoadedCliConfig): { name: string; url: string | undefined }[] {
  const { config, enabled } = loaded;
  const endpoints: { name: string; url: string | undefined }[] = [];
  const set = (url: string | undefined): string | undefined => (url === undefined || url === '' ? undefined : url);
  if (enabled.has('ollama')) endpoints.push({ name: 'ollama', url: set(config.ollama.baseUrl) });
  if (enabled.has('openai'))
    endpoints.push({ name: 'openai', url: config.openai.baseUrl === '' ? undefined : (config.openai.baseUrl ?? openAiPublicBaseUrl) });
  // MLX in worker mode runs locally (a Python child process): only server mode has an endpoint.
  if (enabled.has('mlx') && config.mlx.serverUrl !== undefined) endpoints.push({ name: 'mlx', url: set(config.mlx.serverUrl) });
  return endpoints;
}

/** Opens and closes a TCP connection: reachability without sending a byte. */
function reachable(url: URL, timeoutMs: number): Promise<string | undefined> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`no answer within ${timeoutMs} ms`);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'connection failed'));
  });
}

/**
 * One check per configured model provider: its endpoint accepts a TCP connection (nothing is
 * sent, no request, no key). A provider without an endpoint is a problem: it would report
 * itself unavailable.
 */
export async function checkProviders(loaded: LoadedCliConfig, timeoutMs = 2000): Promise<DoctorCheck[]> {
  return Promise.all(
    providerEndpoints(loaded).map(async ({ name, url }): Promise<DoctorCheck> => {
      const check = `provider ${name}`;
      if (url === undefined) return { name: check, problem: `configured without an endpoint (baseUrl): it reports itself unavailable.` };
      const problem = await reachable(new URL(url), timeoutMs);
      return problem === undefined
        ? { name: check, detail: `${url} reachable (nothing sent)` }
        : { name: check, problem: `${url} is not reachable (${problem}): start it or fix the URL.` };
    }),
  );
}
