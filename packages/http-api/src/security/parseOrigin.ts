// scheme "://" authority, and nothing after it: no path, query, fragment or user info.
const ORIGIN_SHAPE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\\\s]+$/i;

/**
 * The canonical form of a web origin as browsers send it in the `Origin` header
 * (`scheme://host[:port]`): scheme and host in lower case, the scheme's default port dropped
 * (`https://App.Example:443` → `https://app.example`). `null` (an opaque origin: sandboxed
 * frames, `file:` pages) stays `null`. Anything else — a path, even `/`, a query, user info, a
 * bare host name — is not an origin and gives `undefined`.
 * @example
 * ```ts
 * parseOrigin('http://LOCALHOST:5173'); // 'http://localhost:5173'
 * parseOrigin('https://app.example/');  // undefined: browsers never send a path
 * ```
 * @public
 */
export function parseOrigin(text: string): string | undefined {
  if (text === 'null') return 'null';
  if (!ORIGIN_SHAPE.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.host === '') return undefined;
  // Special schemes (http, https, ws…) have a tuple origin; others (chrome-extension:) an opaque one in WHATWG terms.
  return url.origin === 'null' ? `${url.protocol}//${url.host.toLowerCase()}` : url.origin;
}
