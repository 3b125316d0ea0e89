import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The server's connections, to close those that have not sent a byte when the drain stops
 * accepting (internal). Node's `server.close()` closes idle kept-alive connections but counts one
 * that never sent anything as busy — its headers timer is running — so a browser's speculative
 * connection, or a client pool's spare one, would hold the drain until the headers timeout or the
 * deadline. Closing it loses nothing: no request was begun on it. (Behind TLS the handshake's
 * bytes count as sent, so such a connection still waits for its timeout.)
 */
export class SilentConnections {
  readonly #sockets = new Set<Socket>();

  constructor(server: Pick<Server, 'on'>) {
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** Closes each connection that has sent nothing yet; returns how many. */
  close(): number {
    let closed = 0;
    for (const socket of this.#sockets) {
      if (socket.bytesRead > 0) continue;
      socket.destroy();
      closed += 1;
    }
    return closed;
  }
}
