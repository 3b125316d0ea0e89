import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/plugin-a2a throws, with what it means and how to solve it.
 *
 * Codes are `A2A_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/repo/errorCatalogues.test.ts`.
 * Retired codes: none yet.
 *
 * @public
 */
export const a2aErrorCatalogue = defineErrorCatalogue('A2A', {
  A2A_CARD_INVALID: {
    kind: 'upstream-failed',
    message: 'The Agent Card of "{agent}" is invalid:\n{problems}',
    description: 'A remote agent served an Agent Card that is not JSON or lacks required fields (name, description, url, version, skills).',
    solution: 'Ask the remote agent’s owner to fix its card, or point the client at the right base URL.',
  },
  A2A_CARD_SIGNATURE_INVALID: {
    kind: 'upstream-failed',
    message: 'The Agent Card of "{agent}" is not signed by a trusted key: {reason}.',
    description:
      'A client that requires signed cards (`cardJwks`) read a card without a signature that verifies against its keys (unsigned, signed by another key, or altered after signing).',
    solution:
      'Check that the remote agent signs its card (`a2aServerPlugin({ signing })`) with a key in the configured key set, and that nothing rewrites the card on the way.',
  },
  A2A_VERSION_UNSUPPORTED: {
    kind: 'upstream-failed',
    message: 'Remote agent "{agent}" speaks A2A {offered}; this client speaks {supported}.',
    description: 'The remote agent and this client share no protocol version (an empty or missing version means 0.3).',
    solution: 'Upgrade the side with the older protocol version.',
  },
  A2A_TASK_NOT_FOUND: {
    kind: 'not-found',
    message: 'Remote agent "{agent}" knows no task "{task}".',
    description: 'The remote agent answered TaskNotFoundError (-32001): the task expired or never existed.',
    solution: 'Send a new message to start a new task.',
  },
  A2A_TASK_NOT_CANCELABLE: {
    kind: 'conflict',
    message: 'Remote agent "{agent}" cannot cancel task "{task}".',
    description: 'The remote agent answered TaskNotCancelableError (-32002): the task already finished.',
    solution: 'Read the task to see how it ended.',
  },
  A2A_OPERATION_UNSUPPORTED: {
    kind: 'upstream-failed',
    message: 'Remote agent "{agent}" does not support {operation}.',
    description:
      'The remote agent answered PushNotificationNotSupportedError (-32003), UnsupportedOperationError (-32004), ContentTypeNotSupportedError (-32005) or another -320xx code.',
    solution: 'Check the capabilities in its Agent Card and call it only with what it supports.',
  },
  A2A_TIMEOUT: {
    kind: 'upstream-timeout',
    message: 'Remote agent "{agent}" did not answer within {timeoutMs} ms.',
    description: 'A call to a remote A2A agent (a remote agent tool) took longer than its timeout; the request was aborted.',
    solution: 'Raise the remote’s `timeoutMs` in `a2aClientPlugin`, or ask its owner why it is slow.',
  },
  A2A_TASK_UNFINISHED: {
    kind: 'upstream-failed',
    message: 'Remote agent "{agent}" ended task "{task}" as {state}: {reason}',
    description: 'The remote agent’s task ended failed, rejected or canceled instead of completing (its status message is redacted).',
    solution: 'Read the reason; send a message the remote agent can handle (see the skills on its Agent Card).',
  },
  A2A_AUTH_REQUIRED: {
    kind: 'unauthenticated',
    message: 'Remote agent "{agent}" left task "{task}" waiting for authentication: {reason}',
    description:
      'The remote agent put its task in auth-required: the skill needs credentials this runtime did not send (see the security requirements of the skill on its Agent Card).',
    solution: 'Give the remote a bearer `token` in `a2aClientPlugin` (or the credentials its card names), then call it again.',
  },
  A2A_REMOTE_FAILED: {
    kind: 'upstream-failed',
    message: 'Remote agent "{agent}" failed: {reason}',
    description: 'The remote agent answered a JSON-RPC error, an invalid response, or an HTTP error status.',
    solution: 'Retry later; if it persists, tell the remote agent’s owner (the reason is redacted of paths and raw database text).',
  },
  A2A_STORE_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The A2A task store could not be opened or written: {reason}',
    description:
      'The SQLite file of the A2A task store cannot be created, opened or written (permissions, a full disk, or a corrupt file).',
    solution: 'Check that the folder exists and is writable and that the disk has room.',
  },
  A2A_PUSH_TARGET_REFUSED: {
    kind: 'forbidden',
    message: 'Push notifications to {target} are refused: {reason}',
    description:
      'A push notification URL is not http(s), or names or resolves to a loopback, private, link-local or otherwise non-public address (SSRF protection), or answered with a redirect.',
    solution: 'Use a public http(s) receiver; for a receiver on a private network, list its host in the server’s `push.allowedHosts`.',
  },
  A2A_PUSH_DELIVERY_FAILED: {
    kind: 'upstream-failed',
    message: 'A push notification for task "{task}" to {target} failed after {attempts} attempts: {reason}',
    description: 'The receiver of a push notification answered an error status, timed out or could not be reached, on every attempt.',
    solution: 'Check that the receiver is up and answers 2xx; the task itself is unaffected and can be read with GetTask.',
  },
});

/**
 * A code of {@link a2aErrorCatalogue}.
 * @public
 */
export type A2aErrorCode = keyof typeof a2aErrorCatalogue;
