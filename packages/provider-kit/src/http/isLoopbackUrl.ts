/**
 * True when the URL's host is this machine (localhost, 127.0.0.0/8, ::1), so the provider is local.
 * Providers use it for their default `locality` (and cost): a local model never sends data off the host.
 *
 * @example
 * ```ts
 * const locality = isLoopbackUrl(baseUrl) ? 'local' : 'remote';
 * ```
 * @public
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
