import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBlobDot } from '../../src/sqlite/createBlobDot.js';
import { blobToVector, vectorToBlob } from '../../src/sqlite/sqliteMemoryRow.js';
import { dot } from '../../src/vector/VectorIndex.js';

const floats = (length: number) => fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: length, maxLength: length });

describe('createBlobDot', () => {
  it('scores blobs as the dot product with their decoded vectors, aligned or not, one scorer for many blobs', () => {
    fc.assert(
      fc.property(
        floats(16),
        fc.array(fc.tuple(floats(16), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 8 }),
        (query, stored) => {
          const vector = Float32Array.from(query);
          const score = createBlobDot(vector);
          for (const [values, offset] of stored) {
            const blob = vectorToBlob(Float32Array.from(values));
            // The driver's blobs may start at any byte of a larger buffer.
            const shifted = Buffer.alloc(blob.byteLength + offset);
            blob.copy(shifted, offset);
            const view = shifted.subarray(offset);
            expect(score(view)).toBe(dot(vector, blobToVector(blob)));
          }
        },
      ),
      { seed: 1207 },
    );
  });

  it('scores a blob of another length as before (the copying path)', () => {
    const vector = Float32Array.from([1, 2, 3, 4]);
    const longer = vectorToBlob(Float32Array.from([1, 1, 1, 1, 9, 9]));
    expect(createBlobDot(vector)(longer)).toBe(dot(vector, blobToVector(longer)));
    expect(createBlobDot(vector)(longer)).toBe(10);
  });
});
