import type { ServerResponse } from 'node:http';
import type { BearerPrincipal, HttpRawMountContext } from '@cortex-os/http-api';
import { clientGoneController } from './clientGoneController.js';

/** The {@link HttpRawMountContext} a raw handler receives (internal); its signal is built on first read. */
export class RawRequestContext implements HttpRawMountContext {
  readonly requestId: string;
  readonly principal: BearerPrincipal | undefined;
  readonly clientAddress: string;
  readonly #res: ServerResponse;
  #controller: AbortController | undefined;

  constructor(requestId: string, principal: BearerPrincipal | undefined, clientAddress: string, res: ServerResponse) {
    this.requestId = requestId;
    this.principal = principal;
    this.clientAddress = clientAddress;
    this.#res = res;
  }

  /** Aborts with `HTTP_CLIENT_CLOSED` when the client goes away before the answer was sent. */
  get signal(): AbortSignal {
    this.#controller ??= clientGoneController(this.#res);
    return this.#controller.signal;
  }
}
