// An OpenAI-compatible `/v1/embeddings` endpoint on 127.0.0.1, in this process, embedding with the
// hashing embedder: the shape of a local embedding server (Ollama, TEI, vLLM) whose per-request
// cost (HTTP, JSON) is real and whose CPU time the energy meter counts, since it runs here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHashingEmbedder } from '@cortex-os/plugin-local-embedders';

export interface EmbeddingServer {
  readonly baseUrl: string;
  readonly model: string;
  readonly dimensions: number;
  /** Requests answered so far. */
  readonly requests: () => number;
  close(): Promise<void>;
}

export async function startEmbeddingServer(): Promise<EmbeddingServer> {
  const embedder = createHashingEmbedder();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests += 1;
      const { input } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { input: string[] };
      const data = input.map((text, index) => ({ object: 'embedding', index, embedding: Array.from(embedder.embed(text)) }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', model: embedder.model, data, usage: { prompt_tokens: 0, total_tokens: 0 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    model: embedder.model,
    dimensions: embedder.dimensions,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
