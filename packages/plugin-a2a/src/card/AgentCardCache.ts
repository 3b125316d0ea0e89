import { redactRemoteText } from '@cortex-os/kernel';
import { A2aError } from '../errors/A2aError.js';
import { type AgentCard, parseAgentCard } from './parseAgentCard.js';
import { type A2aCardKeys, cardKeyGetter, verifyWith } from './verifyAgentCardJson.js';

/**
 * Options of {@link AgentCardCache}.
 * @public
 */
export interface AgentCardCacheOptions {
  /** How long a fetched card stays fresh, in milliseconds (default 5 minutes). */
  readonly ttlMs?: number;
  /** The clock, injectable for tests (default `Date.now`). */
  readonly now?: () => number;
  /** The fetch implementation (default the global `fetch`). */
  readonly fetch?: typeof fetch;
  /**
   * Require signed cards: every card must carry a JWS signature that verifies against these keys
   * (a JWK Set URL or the set itself), else `A2A_CARD_SIGNATURE_INVALID`. Default: signatures are not checked.
   */
  readonly cardKeys?: A2aCardKeys | undefined;
}

/** The path the A2A spec fixes for the public Agent Card. */
const WELL_KNOWN = '/.well-known/agent-card.json';

/**
 * Fetches, validates and caches remote agents' Agent Cards, one per base URL.
 *
 * @remarks
 * A failed fetch is not cached, so the next call retries; concurrent calls for one URL share
 * one request.
 * @public
 */
export class AgentCardCache {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #fetch: typeof fetch;
  readonly #keys: ReturnType<typeof cardKeyGetter> | undefined;
  readonly #entries = new Map<string, { readonly at: number; readonly card: Promise<AgentCard> }>();

  /** Creates an empty cache. */
  constructor(options: AgentCardCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 300_000;
    this.#now = options.now ?? Date.now;
    this.#fetch = options.fetch ?? fetch;
    this.#keys = options.cardKeys === undefined ? undefined : cardKeyGetter(options.cardKeys);
  }

  /** The card of the agent at `baseUrl`, from the cache while fresh. */
  get(baseUrl: string): Promise<AgentCard> {
    const key = baseUrl.replace(/\/+$/, '');
    const entry = this.#entries.get(key);
    if (entry !== undefined && this.#now() - entry.at < this.#ttlMs) return entry.card;
    const card = this.#load(key);
    this.#entries.set(key, { at: this.#now(), card });
    card.catch(() => {
      if (this.#entries.get(key)?.card === card) this.#entries.delete(key);
    });
    return card;
  }

  async #load(baseUrl: string): Promise<AgentCard> {
    let response: Response;
    try {
      // Asking for 1.0: a server with the SDK's compatibility layer answers the 0.3 form otherwise.
      response = await this.#fetch(`${baseUrl}${WELL_KNOWN}`, { headers: { accept: 'application/json', 'a2a-version': '1.0' } });
    } catch (error) {
      const reason = redactRemoteText(error instanceof Error ? error.message : String(error));
      throw A2aError.create('A2A_REMOTE_FAILED', { agent: baseUrl, reason: `its Agent Card could not be fetched (${reason})` });
    }
    if (!response.ok) {
      throw A2aError.create('A2A_REMOTE_FAILED', { agent: baseUrl, reason: `its Agent Card answered HTTP ${response.status}` });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw A2aError.create(
        'A2A_CARD_INVALID',
        { agent: baseUrl, problems: '(card): not JSON' },
        { details: { problems: ['(card): not JSON'] } },
      );
    }
    if (this.#keys !== undefined) await verifyWith(baseUrl, body, this.#keys);
    return parseAgentCard(baseUrl, body);
  }
}
