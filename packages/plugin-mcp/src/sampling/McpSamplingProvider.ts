import { KernelError, toError } from '@cortex-os/kernel';
import type {
  ChatMessage,
  GenerateOptions,
  GenerateResult,
  ModelProvider,
  ModelProviderCapabilities,
  ModelProviderHealth,
} from '@cortex-os/kernel/router';
import { findInputNeeded } from '../server/interactionBridge.js';
import { fromSamplingResult } from './fromSamplingResult.js';
import { currentMcpSampler } from './samplingScope.js';
import { toSamplingRequest } from './toSamplingRequest.js';

/**
 * Options of {@link createMcpSamplingProvider}.
 * @public
 */
export interface McpSamplingProviderOptions {
  /**
   * The provider's name in the router.
   * @defaultValue `mcp-sampling`
   */
  readonly name?: string;
  /**
   * Tokens the client may generate when a request gives no `maxTokens` (the protocol requires a number).
   * @defaultValue 1024
   */
  readonly defaultMaxTokens?: number;
  /**
   * Relative cost per request, compared against cost ceilings.
   * @defaultValue 1
   */
  readonly relativeCost?: number;
}

const outsideACall =
  'no MCP client that offers sampling is calling: this provider serves only inside an MCP tool call whose client declared the sampling capability';

/**
 * A model provider that asks the calling MCP client's model to generate (`sampling/createMessage`).
 *
 * @remarks
 * It serves only inside an MCP tool call whose client declared `sampling`: an agent run by a tool
 * that a desktop client calls then needs no API key. Elsewhere it reports itself unavailable and
 * the router falls back. With tools, the client must have declared `sampling.tools`
 * (protocol 2025-11-25). On a 2026-07-28 connection each sampling request ends the tool call's
 * round with `input_required`, and the client calls again with the answer: pass the handler's
 * `signal` to the router so that it stops at once rather than falling back. The client picks the
 * model (the requested one goes as a hint) and no reply format can be imposed. Declared `remote`:
 * the client's model may run anywhere, so `localOnly` policies skip it.
 * @public
 */
export function createMcpSamplingProvider(options: McpSamplingProviderOptions = {}): ModelProvider {
  return new McpSamplingProvider(options);
}

class McpSamplingProvider implements ModelProvider {
  readonly name: string;
  readonly capabilities: ModelProviderCapabilities;
  readonly #defaultMaxTokens: number;

  constructor(options: McpSamplingProviderOptions) {
    this.name = options.name ?? 'mcp-sampling';
    this.#defaultMaxTokens = options.defaultMaxTokens ?? 1024;
    this.capabilities = Object.freeze<ModelProviderCapabilities>({
      operations: ['generate'],
      tools: true,
      structuredOutput: false,
      streaming: false,
      locality: 'remote',
      relativeCost: options.relativeCost ?? 1,
    });
  }

  async health(): Promise<ModelProviderHealth> {
    const sampler = currentMcpSampler();
    if (sampler === undefined) return { available: false, reason: outsideACall };
    return { available: true, details: { client: sampler.client ?? 'unnamed', tools: sampler.tools } };
  }

  async generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): Promise<GenerateResult> {
    const sampler = currentMcpSampler();
    if (sampler === undefined) throw this.#unavailable('no-sampling-client', outsideACall);
    if ((options.tools?.length ?? 0) > 0 && !sampler.tools) {
      throw this.#unavailable(
        'no-sampling-tools',
        `the MCP client "${sampler.client ?? 'unnamed'}" offers sampling without tools (it did not declare sampling.tools)`,
      );
    }
    const params = toSamplingRequest(this.name, messages, options, this.#defaultMaxTokens);
    let raw: unknown;
    try {
      raw = await sampler.createMessage(params, options.signal);
    } catch (error) {
      // The end of a 2026-07-28 round and a cancelled call are not the client's model failing.
      if (findInputNeeded(error) !== undefined || options.signal?.aborted === true) throw error;
      throw new KernelError(
        'PROVIDER_REQUEST_FAILED',
        `Model provider "${this.name}" failed: the MCP client refused or failed the sampling request.`,
        {
          details: { provider: this.name, reason: 'sampling-failed', client: sampler.client ?? 'unnamed', message: toError(error).message },
          cause: error,
        },
      );
    }
    const result = fromSamplingResult(this.name, raw);
    options.onToken?.(result.text);
    return result;
  }

  #unavailable(code: string, reason: string): KernelError {
    return KernelError.create('PROVIDER_UNAVAILABLE', { provider: this.name, reason }, { details: { provider: this.name, reason: code } });
  }
}
