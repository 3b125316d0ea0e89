import { isIP } from 'node:net';

// host [":" port], nothing else: no scheme, path, user info or white space.
const HOST_SHAPE = /^[^/?#@\\\s]+$/;

/**
 * The host name of a `Host` header value or an allow-list entry, without its port, in
 * canonical form: lower case, no trailing dot, IPv4 in dotted quads, IPv6 in brackets
 * (`[::1]`; a bare `::1` is accepted too). `undefined` when it is not a host.
 * @example
 * ```ts
 * parseHostName('LocalHost:8080'); // 'localhost'
 * parseHostName('[::1]:3000');     // '[::1]'
 * ```
 * @public
 */
export function parseHostName(text: string): string | undefined {
  if (!HOST_SHAPE.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(`http://${isIP(text) === 6 ? `[${text}]` : text}`);
  } catch {
    return undefined;
  }
  const name = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  return name === '' ? undefined : name;
}

/** True when a host text names a port (`api.example:8080`, `[::1]:80`), which allow-list entries must not. */
export function namesPort(text: string): boolean {
  return isIP(text) !== 6 && /:\d*$/.test(text);
}
