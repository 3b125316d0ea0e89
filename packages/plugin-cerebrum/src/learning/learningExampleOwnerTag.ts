import { createHash } from 'node:crypto';

/** Memory tags are 1–128 characters without control characters (the memory plugin's tag schema). */
const maxTagLength = 128;
const readablePrefix = 'cerebrum.principal:';
const hashedPrefix = 'cerebrum.principal#';

/**
 * The memory tag that marks a learning example as a principal's, so recall can ask the memory
 * store for that principal's examples only (a filter in the store, not after it: other principals'
 * examples can never crowd the limit). The principal itself when it fits a tag, readable in the
 * memory routes; otherwise its SHA-256 under another separator, so the two forms never collide.
 * @public
 */
export function learningExampleOwnerTag(principal: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: memory tags refuse control characters, so such a principal is hashed
  const fits = principal.length > 0 && readablePrefix.length + principal.length <= maxTagLength && !/[\u0000-\u001f]/.test(principal);
  if (fits) return `${readablePrefix}${principal}`;
  // UTF-16 code units, not UTF-8: UTF-8 would turn every lone surrogate into the same U+FFFD.
  return `${hashedPrefix}${createHash('sha256').update(Buffer.from(principal, 'utf16le')).digest('hex')}`;
}
