import { parseArgs } from 'node:util';
import { CliError } from './errors/CliError.js';

/**
 * The commands `cortex` knows.
 * @public
 */
export const cliCommands = ['init', 'serve', 'mcp', 'doctor', 'config', 'help'] as const;

/**
 * A `cortex` command line, parsed.
 * @public
 */
export interface CliArgs {
  readonly command: (typeof cliCommands)[number];
  /** `--config <file>` (`-c`). */
  readonly config: string | undefined;
  /** `--force`: `init` overwrites an existing file. */
  readonly force: boolean;
}

const options = {
  config: { type: 'string', short: 'c' },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * Parses `cortex <command> [--config file] [--force]` with `util.parseArgs` in strict mode.
 * @throws {@link CliError} `CLI_USAGE` naming the unknown command or flag, or the flag without its value.
 * @public
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages name the flag ("Unknown option '--port'"); the code says it is a usage error.
    throw new CliError('CLI_USAGE', `${(error as Error).message.split('. ')[0]}. Run \`cortex help\`.`, { cause: error });
  }
  const [name = 'help', ...rest] = parsed.positionals;
  if (!(cliCommands as readonly string[]).includes(name)) {
    throw new CliError('CLI_USAGE', `Unknown command "${name}" (known: ${cliCommands.join(', ')}). Run \`cortex help\`.`);
  }
  if (rest.length > 0) throw new CliError('CLI_USAGE', `Unexpected argument "${rest[0]}" after "${name}". Run \`cortex help\`.`);
  return { command: parsed.values.help ? 'help' : (name as CliArgs['command']), config: parsed.values.config, force: parsed.values.force };
}
