import { createLogger, type Logger } from '@cortex-os/kernel';
import { Writable } from 'node:stream';

/** A real pino logger whose lines are kept in memory, so tests stay quiet and can read them. */
export function silentLogger(lines: string[] = []): Logger {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return createLogger({ level: 'debug', destination });
}
