import { randomBytes } from 'node:crypto';

/**
 * Returns a generator of UUIDv7 strings (RFC 9562): 48-bit millisecond time, then random bits.
 * Ids from one generator are strictly increasing, even within one millisecond or when the
 * clock steps back, because the 12-bit `rand_a` field is used as a counter (method 1 of RFC 9562 §6.2).
 * @public
 */
export function createUuidV7(now: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = Math.max(0, Math.floor(now()));
    if (ms <= lastMs) {
      ms = lastMs;
      counter += 1;
      if (counter > 0xfff) {
        // Counter exhausted within one millisecond: borrow the next millisecond.
        ms = lastMs + 1;
        counter = 0;
      }
    } else {
      counter = randomBytes(2).readUInt16BE(0) & 0x7ff; // leave headroom for increments
    }
    lastMs = ms;
    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
