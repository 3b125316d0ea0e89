import { parseArgs } from 'node:util';
import { CliError } from './errors/CliError.js';

/**
 * The commands `cortex` knows.
 * @public
 */
export const cliCommands = ['init', 'serve', 'mcp', 'doctor', 'config', 'help', 'version'] as const;

/**
 * The desktop clients `cortex mcp --print-client-config --client <name>` writes an entry for.
 * @public
 */
export const cliMcpClients = ['claude', 'cursor', 'vscode'] as const;

/**
 * A `cortex` command line, parsed.
 * @public
 */
export interface CliArgs {
  readonly command: (typeof cliCommands)[number];
  /** `--config <file>` (`-c`). */
  readonly config: string | undefined;
  /** `init <dir>`: the folder to write a new project into. */
  readonly dir: string | undefined;
  /** `--force`: `init` overwrites an existing file. */
  readonly force: boolean;
  /** `--print-config`: `serve`/`mcp` print the resolved configuration (secrets redacted) instead of starting. */
  readonly printConfig: boolean;
  /** `--print-client-config --client <name>`: `mcp` prints that desktop client's entry for this runtime. */
  readonly printClientConfig: (typeof cliMcpClients)[number] | undefined;
  /** `--quiet` (`-q`): no progress lines on a terminal (`init`, `serve`, `mcp`). */
  readonly quiet: boolean;
}

const options = {
  config: { type: 'string', short: 'c' },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  'print-config': { type: 'boolean', default: false },
  'print-client-config': { type: 'boolean', default: false },
  client: { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const;

/** Which commands take which flags (beyond `--config` and `--help`, which all take). */
const flagCommands: Readonly<Record<string, readonly string[]>> = {
  force: ['init'],
  'print-config': ['serve', 'mcp'],
  'print-client-config': ['mcp'],
  client: ['mcp'],
  quiet: ['init', 'serve', 'mcp'],
};

/**
 * Parses `cortex <command> [dir] [--config file] [flags]` with `util.parseArgs` in strict mode.
 * @throws {@link CliError} `CLI_USAGE` naming the unknown command or flag, the flag without its
 * value, a flag the command does not take, or a `--client` that is not a known client.
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
  const [name = 'help', ...positionals] = parsed.positionals;
  // `init` takes one folder; no other command takes an argument.
  const dir = name === 'init' ? positionals[0] : undefined;
  const rest = name === 'init' ? positionals.slice(1) : positionals;
  if (!(cliCommands as readonly string[]).includes(name)) {
    throw new CliError('CLI_USAGE', `Unknown command "${name}" (known: ${cliCommands.join(', ')}). Run \`cortex help\`.`);
  }
  if (rest.length > 0) throw new CliError('CLI_USAGE', `Unexpected argument "${rest[0]}" after "${name}". Run \`cortex help\`.`);
  const values = parsed.values;
  // `--help` and `--version` win over the command, as in most command-line tools.
  if (values.help || values.version) {
    const command = values.help ? 'help' : 'version';
    return { command, config: values.config, dir: undefined, force: false, printConfig: false, printClientConfig: undefined, quiet: false };
  }
  for (const [flag, commands] of Object.entries(flagCommands)) {
    const value = values[flag as keyof typeof values];
    if (value !== undefined && value !== false && !commands.includes(name)) {
      throw new CliError('CLI_USAGE', `"${name}" takes no --${flag} (it belongs to: ${commands.join(', ')}). Run \`cortex help\`.`);
    }
  }
  return {
    command: name as CliArgs['command'],
    config: values.config,
    dir,
    force: values.force,
    printConfig: values['print-config'],
    printClientConfig: clientOf(values['print-client-config'], values.client),
    quiet: values.quiet,
  };
}

function clientOf(print: boolean, client: string | undefined): CliArgs['printClientConfig'] {
  if (!print && client === undefined) return undefined;
  if (!print) throw new CliError('CLI_USAGE', '--client goes with --print-client-config. Run `cortex help`.');
  if (client === undefined || !(cliMcpClients as readonly string[]).includes(client)) {
    const got = client === undefined ? 'none' : `"${client}"`;
    throw new CliError('CLI_USAGE', `--print-client-config needs --client ${cliMcpClients.join('|')} (got ${got}). Run \`cortex help\`.`);
  }
  return client as CliArgs['printClientConfig'];
}
