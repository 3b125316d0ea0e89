import { type Message, Role } from '@a2a-js/sdk';

/** A user's text message of a task, in the SDK's types, asking for the `echo` skill. */
export function userMessage(messageId: string, taskId: string, contextId: string, text = 'hello'): Message {
  return {
    messageId,
    contextId,
    taskId,
    role: Role.ROLE_USER,
    parts: [{ content: { $case: 'text', value: text }, mediaType: 'text/plain', filename: '', metadata: undefined }],
    metadata: { skillId: 'echo' },
    extensions: [],
    referenceTaskIds: [],
  };
}
