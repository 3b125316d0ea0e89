import type { ToolDefinition } from '@cortex-os/kernel';
import { type ModelToolDefinition, toModelTools } from '@cortex-os/kernel/router';

/** Embeds texts for semantic search; the router's `embed`, when the runtime has an embedder. */
export type ToolSearchEmbed = (texts: readonly string[]) => Promise<readonly Float32Array[]>;

/** One tool a search found. */
export interface ToolSearchHit {
  readonly name: string;
  readonly description: string;
  readonly score: number;
}

interface IndexedTool {
  readonly name: string;
  readonly description: string;
  readonly text: string;
  readonly terms: Map<string, number>;
  readonly length: number;
}

const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'to', 'in', 'for', 'on', 'or', 'is', 'it', 'by', 'with', 'from']);

/** Lower-case words of a text, splitting camelCase, snake_case and dotted names. */
function termsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((term) => term.length > 1 && !STOP_WORDS.has(term));
}

/** The words a tool is found by: its name (counted thrice), description, and its schema's property names and descriptions. */
function toolText(tool: ModelToolDefinition): string {
  const properties = (tool.inputSchema['properties'] ?? {}) as Record<string, { description?: unknown }>;
  const parts = Object.entries(properties).map(
    ([name, schema]) => `${name} ${typeof schema.description === 'string' ? schema.description : ''}`,
  );
  return [tool.name, tool.name, tool.name, tool.description, ...parts].join(' ');
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Keyword (BM25 over names, descriptions and schemas) and, when an embedder is given, semantic
 * search over an agent's allowed tools: what the `tools.search` meta-tool answers with.
 */
export class ToolSearchIndex {
  readonly #tools: readonly IndexedTool[];
  readonly #documentFrequency = new Map<string, number>();
  readonly #averageLength: number;
  #vectors: Promise<readonly Float32Array[] | undefined> | undefined;

  constructor(tools: readonly ToolDefinition[]) {
    this.#tools = toModelTools(tools).map((tool) => {
      const text = toolText(tool);
      const terms = new Map<string, number>();
      for (const term of termsOf(text)) terms.set(term, (terms.get(term) ?? 0) + 1);
      return { name: tool.name, description: tool.description, text, terms, length: [...terms.values()].reduce((a, b) => a + b, 0) };
    });
    for (const tool of this.#tools)
      for (const term of tool.terms.keys()) this.#documentFrequency.set(term, (this.#documentFrequency.get(term) ?? 0) + 1);
    this.#averageLength = this.#tools.reduce((sum, tool) => sum + tool.length, 0) / Math.max(1, this.#tools.length);
  }

  /** The best `limit` tools for `query`: BM25, blended half and half with cosine similarity when `embed` works. */
  async search(query: string, limit: number, embed?: ToolSearchEmbed): Promise<ToolSearchHit[]> {
    const keyword = this.#bm25(termsOf(query));
    const top = Math.max(...keyword, 0);
    const semantic = embed === undefined ? undefined : await this.#semantic(query, embed);
    const scored = this.#tools.map((tool, i) => {
      const lexical = top === 0 ? 0 : (keyword[i] as number) / top;
      const score = semantic === undefined ? lexical : 0.5 * lexical + 0.5 * (semantic[i] as number);
      return { name: tool.name, description: tool.description, score };
    });
    return scored
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
      .slice(0, limit);
  }

  #bm25(query: readonly string[]): number[] {
    const k1 = 1.2;
    const b = 0.75;
    const n = this.#tools.length;
    return this.#tools.map((tool) => {
      let score = 0;
      for (const term of new Set(query)) {
        const frequency = tool.terms.get(term) ?? 0;
        if (frequency === 0) continue;
        const df = this.#documentFrequency.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * tool.length) / this.#averageLength));
      }
      return score;
    });
  }

  /** Cosine similarities of the query to each tool, or `undefined` when embedding fails (keyword search then serves alone). */
  async #semantic(query: string, embed: ToolSearchEmbed): Promise<number[] | undefined> {
    this.#vectors ??= embed(this.#tools.map((tool) => tool.text)).catch(() => undefined);
    const vectors = await this.#vectors;
    if (vectors === undefined) return undefined;
    try {
      const [queryVector] = await embed([query]);
      return queryVector === undefined ? undefined : vectors.map((vector) => Math.max(0, cosine(queryVector, vector)));
    } catch {
      return undefined;
    }
  }
}
