import { describeOwner, type TokenOwner } from '../container/Token.js';
import type { KernelProblem } from '../errors/KernelError.js';

/**
 * A token or extension point as a plugin (or the kernel) refers to it.
 * @internal
 */
export interface OwnedReference {
  readonly kind: 'token' | 'extension point';
  readonly id: string;
  readonly owner: TokenOwner | undefined;
  /** `kernel`, or the plugin that requires, provides, declares or contributes it. */
  readonly usedBy: string;
}

/**
 * Finds ids declared by more than one owner (package and contract version; no owner counts as one
 * owner, the application). One problem per id, naming every owner and who uses each. Pure, so it is
 * property-tested directly.
 * @internal
 */
export function findOwnerConflicts(references: readonly OwnedReference[]): KernelProblem[] {
  const byId = new Map<string, Map<string, { owner: TokenOwner | undefined; users: Set<string> }>>();
  for (const { kind, id, owner, usedBy } of references) {
    const key = `${kind}:${id}`;
    const owners = byId.get(key) ?? new Map<string, { owner: TokenOwner | undefined; users: Set<string> }>();
    const ownerKey = owner === undefined ? '' : `${owner.package}@${owner.version}`;
    const entry = owners.get(ownerKey) ?? { owner, users: new Set<string>() };
    entry.users.add(usedBy);
    owners.set(ownerKey, entry);
    byId.set(key, owners);
  }
  const problems: KernelProblem[] = [];
  for (const [key, owners] of byId) {
    if (owners.size < 2) continue;
    const [kind, id] = splitKey(key);
    const listed = [...owners.values()].map(({ owner, users }) => `${describeOwner(owner)}, used by ${[...users].join(', ')}`);
    problems.push({
      code: 'TOKEN_OWNER_CONFLICT',
      message: `${kind === 'token' ? 'Token' : 'Extension point'} "${id}" is declared by ${owners.size} owners: ${listed.join('; ')}. Import it from the package that declares it instead of redeclaring the id, or align the packages on one contract version.`,
    });
  }
  return problems;
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}
