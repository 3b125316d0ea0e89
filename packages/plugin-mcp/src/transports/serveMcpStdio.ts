import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { JSONRPCMessage, Transport, TransportSendOptions } from '@modelcontextprotocol/server';
import { McpServerCore, type McpServerSources } from '../server/McpServerCore.js';

/**
 * Options of {@link serveMcpStdio}.
 * @public
 */
export interface ServeMcpStdioOptions extends McpServerSources {
  /** A transport other than this process's stdin/stdout (tests, sockets). */
  readonly transport?: Transport;
  /** Called once when the connection ends (the client closed stdin, or `close()`). */
  readonly onClose?: () => void;
}

/**
 * A running stdio MCP server.
 * @public
 */
export interface McpStdioServer {
  /** Closes the connection and stops listening to the registries. */
  close(): Promise<void>;
}

/**
 * Serves the kernel's registries over stdio: only protocol messages go to stdout, so keep logs
 * on stderr (the kernel's default logger already writes there).
 * @example
 * ```ts
 * await kernel.start();
 * serveMcpStdio({ tools: kernel.tools, onClose: () => void kernel.stop() });
 * ```
 * @public
 */
export function serveMcpStdio(options: ServeMcpStdioOptions): McpStdioServer {
  const core = new McpServerCore(options);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    core.dispose();
    options.onClose?.();
  };
  const wire = new ClosingTransport(options.transport ?? new StdioServerTransport(), end);
  const handle = serveStdio((ctx) => core.create(ctx, true), {
    transport: wire,
    onerror: (error) => options.logger?.debug({ err: error }, 'MCP stdio error'),
  });
  return {
    async close() {
      await handle.close();
      end();
    },
  };
}

/** Passes everything through, and tells us when the wire itself closes (serveStdio owns `onclose`). */
class ClosingTransport implements Transport {
  readonly #inner: Transport;
  readonly #ended: () => void;
  #onclose: (() => void) | undefined;

  constructor(inner: Transport, ended: () => void) {
    this.#inner = inner;
    this.#ended = ended;
    inner.onclose = () => {
      this.#onclose?.();
      ended();
    };
  }

  get onclose(): (() => void) | undefined {
    return this.#onclose;
  }
  set onclose(handler: (() => void) | undefined) {
    this.#onclose = handler;
  }
  get onerror(): ((error: Error) => void) | undefined {
    return this.#inner.onerror;
  }
  set onerror(handler: ((error: Error) => void) | undefined) {
    this.#inner.onerror = handler;
  }
  get onmessage(): Transport['onmessage'] {
    return this.#inner.onmessage;
  }
  set onmessage(handler: Transport['onmessage']) {
    this.#inner.onmessage = handler;
  }
  start(): Promise<void> {
    return this.#inner.start();
  }
  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.#inner.send(message, options);
  }
  async close(): Promise<void> {
    await this.#inner.close();
    this.#ended();
  }
}
