import type { HttpRouteSummary, HttpServicePhase } from '@cortex-os/http-api';
import { HttpError } from '../errors/HttpError.js';

/** The routes and raw mounts declared so far (internal): refuses duplicates and late additions; lists them for `/describe`. */
export class RouteTable {
  readonly #summaries: HttpRouteSummary[] = [];
  readonly #keys = new Set<string>();

  add(method: string | readonly string[], path: string, summary: HttpRouteSummary, phase: HttpServicePhase): void {
    if (phase !== 'created') {
      throw new HttpError(
        'HTTP_ROUTE_INVALID',
        `Cannot add ${summary.method} ${path}: the server is already ${phase}; add routes in a plugin's start().`,
        { details: { path } },
      );
    }
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new HttpError('HTTP_ROUTE_INVALID', `Route path "${String(path)}" must start with "/".`, { details: { path } });
    }
    for (const m of typeof method === 'string' ? [method] : method) {
      const key = `${m} ${path}`;
      if (this.#keys.has(key))
        throw new HttpError('HTTP_ROUTE_INVALID', `Route ${key} is already defined; declare each method and path once.`, {
          details: { path, method: m },
        });
      this.#keys.add(key);
    }
    this.#summaries.push(summary);
  }

  list(): readonly HttpRouteSummary[] {
    return [...this.#summaries];
  }

  /** Routes whose auth is `required`. */
  requiringAuth(): readonly HttpRouteSummary[] {
    return this.#summaries.filter((s) => s.auth === 'required');
  }
}
