/** The opaque list cursor that continues after the memory `id` (ids list newest first). */
export function encodeMemoryCursor(id: string): string {
  return Buffer.from(`v1:${id}`, 'utf8').toString('base64url');
}
