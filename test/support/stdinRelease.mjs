// For fixture processes: `released` settles when a `release` line arrives on stdin; `closeStdin()`
// stops reading, so that the process can exit by itself once its runtime stopped.
import { createInterface } from 'node:readline';

let release;
export const released = new Promise((resolve) => {
  release = resolve;
});
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'release') release();
});

export function closeStdin() {
  lines.close();
  process.stdin.destroy();
}
