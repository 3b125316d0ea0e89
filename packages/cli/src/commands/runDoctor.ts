import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CortexError } from '@cortex-os/kernel';
import { resolveRuntimeHome } from '@cortex-os/kernel';
import type { CliIo } from '../CliIo.js';
import { checkNativeModules } from './checkNativeModules.js';
import { checkProviders, type DoctorCheck } from './checkProviders.js';
import { loadCliConfig } from './loadCliConfig.js';

type Check = DoctorCheck;

/** Below this, the home folder is reported as short of space (SQLite files and word vectors live there). */
const minFreeBytes = 100 * 1024 * 1024;

function checkNode(version: string): Check {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12)
    ? { name: 'node', detail: version }
    : { name: 'node', problem: `Node ${version} is too old: Cortex-OS needs 22.12 or newer.` };
}

function checkHome(io: CliIo): Check {
  try {
    const home = resolveRuntimeHome({ env: io.env });
    mkdirSync(home.dir, { recursive: true });
    const probe = join(home.dir, `.doctor-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    const stats = statfsSync(home.dir);
    const free = stats.bavail * stats.bsize;
    const detail = `${home.dir} writable, ${Math.floor(free / 1024 / 1024)} MB free`;
    return free < minFreeBytes ? { name: 'home', problem: `${detail}: less than 100 MB free.` } : { name: 'home', detail };
  } catch (error) {
    const reason =
      error instanceof CortexError ? error.message : `cannot write there (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    return { name: 'home', problem: `${reason} Set CORTEX_HOME to a writable absolute folder.` };
  }
}

function checkPort(host: string, port: number): Promise<Check> {
  if (port === 0) return Promise.resolve({ name: 'port', detail: 'port 0: the system picks a free one' });
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve({
        name: 'port',
        problem: `${host}:${port} is not available (${error.code ?? 'error'}): stop what uses it or set CORTEX_HTTP_PORT.`,
      }),
    );
    server.listen(port, host, () => server.close(() => resolve({ name: 'port', detail: `${host}:${port} free` })));
  });
}

/**
 * Checks Node, the configuration, the home folder, the native modules, the HTTP port and each configured model
 * provider's endpoint (a TCP connection, nothing sent); prints one line per check and returns
 * whether every check passed.
 */
export async function runDoctor(io: CliIo, configFlag: string | undefined): Promise<boolean> {
  const checks: Check[] = [checkNode(process.versions.node)];
  let loaded: Awaited<ReturnType<typeof loadCliConfig>> | undefined;
  try {
    loaded = await loadCliConfig(io, configFlag);
    checks.push({ name: 'config', detail: loaded.file === undefined ? 'no file; defaults and CORTEX_* variables' : loaded.file.name });
  } catch (error) {
    checks.push({ name: 'config', problem: error instanceof CortexError ? `${error.code}: ${error.message}` : String(error) });
  }
  checks.push(checkHome(io));
  checks.push(checkNativeModules());
  if (loaded !== undefined) {
    checks.push(await checkPort(loaded.config.http.host, loaded.config.http.port));
    checks.push(...(await checkProviders(loaded)));
  }
  for (const check of checks)
    io.out(check.problem === undefined ? `ok       ${check.name}: ${check.detail}` : `PROBLEM  ${check.name}: ${check.problem}`);
  return checks.every((check) => check.problem === undefined);
}
