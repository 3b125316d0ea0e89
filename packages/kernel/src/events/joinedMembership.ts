import type { ConsumerMembership } from './ConsumerGroups.js';

/**
 * One membership over a group's two halves: the bus's in-process group (event types the
 * transport does not carry) and the transport's group (the types it carries, across processes).
 * Leaving leaves both.
 * @internal
 */
export function joinedMembership(local: ConsumerMembership, remote: ConsumerMembership): ConsumerMembership {
  return {
    group: local.group,
    pattern: local.pattern,
    get inFlight() {
      return local.inFlight + remote.inFlight;
    },
    leave() {
      local.leave();
      remote.leave();
    },
    [Symbol.dispose]() {
      this.leave();
    },
  };
}
