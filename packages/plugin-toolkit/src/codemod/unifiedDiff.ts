/** Longest sizes the line-by-line diff compares exactly; larger changes become one replaced block. */
const MAX_CELLS = 4_000_000;

type Op = readonly [' ' | '-' | '+', string];

/** The edit script between two line lists (longest common subsequence), or one replaced block when too large. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) return [...a.map((line): Op => ['-', line]), ...b.map((line): Op => ['+', line])];
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] as number) + 1
          : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push([' ', a[i] as string]);
      i += 1;
      j += 1;
    } else if (i < a.length && (j === b.length || (lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number))) {
      // Removals before additions, as diff prints them.
      ops.push(['-', a[i] as string]);
      i += 1;
    } else {
      ops.push(['+', b[j] as string]);
      j += 1;
    }
  }
  return ops;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * A unified diff (`--- a/path`, `+++ b/path`, `@@` hunks with `context` lines) of one file's
 * change; empty when nothing changed. Only the changed middle is compared line by line.
 * @public
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const ops: Op[] = [
    ...a.slice(0, head).map((line): Op => [' ', line]),
    ...diffLines(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map((line): Op => [' ', line]),
  ];
  return `--- a/${path}\n+++ b/${path}\n${hunks(ops, context).join('')}`;
}

/** Groups the script into hunks with `context` unchanged lines around each change. */
function hunks(ops: readonly Op[], context: number): string[] {
  const changed = ops.flatMap((op, index) => (op[0] === ' ' ? [] : [index]));
  const out: string[] = [];
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && (changed[end + 1] as number) - (changed[end] as number) <= 2 * context) end += 1;
    const from = Math.max(0, (changed[start] as number) - context);
    const to = Math.min(ops.length, (changed[end] as number) + context + 1);
    const before = ops.slice(0, from);
    const oldStart = before.filter((op) => op[0] !== '+').length + 1;
    const newStart = before.filter((op) => op[0] !== '-').length + 1;
    const body = ops.slice(from, to);
    const oldCount = body.filter((op) => op[0] !== '+').length;
    const newCount = body.filter((op) => op[0] !== '-').length;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n${body.map(([sign, line]) => `${sign}${line}\n`).join('')}`);
    start = end + 1;
  }
  return out;
}
