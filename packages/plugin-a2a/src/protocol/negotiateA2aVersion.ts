import { A2aError } from '../errors/A2aError.js';

/**
 * The A2A protocol versions this package speaks, newest first.
 * @public
 */
export const supportedA2aVersions: readonly string[] = Object.freeze(['1.0', '0.3']);

/**
 * `1.0.2` → `1.0`, empty or missing → `0.3`: the spec negotiates on the major.minor pair, and no
 * version means 0.3. Internal (not exported from the package).
 */
export function normaliseA2aVersion(version: string | undefined): string {
  if (version === undefined || version.trim() === '') return '0.3';
  const match = /^(\d+)\.(\d+)/.exec(version.trim());
  return match === null ? version.trim() : `${match[1]}.${match[2]}`;
}

/**
 * The protocol version to speak with a remote agent: the newest version both sides support.
 *
 * @remarks
 * Per the spec, an empty or missing `A2A-Version` (or card `protocolVersion`) means 0.3, so
 * agents that predate version negotiation stay reachable.
 * @param agent - the remote agent's name, for the error message
 * @param offered - the versions the remote agent declares (empty strings mean 0.3)
 * @throws {@link A2aError} `A2A_VERSION_UNSUPPORTED` when the sides share none
 * @public
 */
export function negotiateA2aVersion(agent: string, offered: readonly (string | undefined)[]): string {
  const normalised = new Set((offered.length === 0 ? [undefined] : offered).map(normaliseA2aVersion));
  const chosen = supportedA2aVersions.find((version) => normalised.has(version));
  if (chosen === undefined) {
    throw A2aError.create('A2A_VERSION_UNSUPPORTED', {
      agent,
      offered: [...normalised].join(', '),
      supported: supportedA2aVersions.join(', '),
    });
  }
  return chosen;
}
