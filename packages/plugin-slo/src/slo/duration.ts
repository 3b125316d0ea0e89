const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['w', 604_800],
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

const DURATION = /^([1-9][0-9]{0,5})([wdhms])$/;

/** Seconds of a one-unit Prometheus duration (`30d`, `6h`, `5m`), or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null) return undefined;
  const unit = UNITS.find(([name]) => name === match[2]);
  return unit === undefined ? undefined : Number(match[1]) * unit[1];
}

/** The shortest Prometheus duration for a whole number of seconds (`3600` → `1h`), in days at most (`7d`, not `1w`). */
export function formatDuration(seconds: number): string {
  for (const [name, size] of UNITS.slice(1)) if (seconds >= size && seconds % size === 0) return `${seconds / size}${name}`;
  return `${seconds}s`;
}
