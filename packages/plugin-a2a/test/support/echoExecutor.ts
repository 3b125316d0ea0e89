import { TaskState } from '@a2a-js/sdk';
import { AgentEvent, type AgentExecutor } from '@a2a-js/sdk/server';

/**
 * A trivial SDK executor: the task (unless it exists), `working` (`workingUpdates` times), an
 * artifact echoing the text (or `reply`), `completed`. Also the bench's baseline agent.
 */
export function createEchoExecutor(_workingUpdates = 1, _reply?: string): AgentExecutor {
  return {
    execute: async ({ taskId, contextId, userMessage, task }, bus) => {
      const text = userMessage.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
      const status = (state: TaskState) =>
        AgentEvent.statusUpdate({
          taskId,
          contextId,
          status: { state, message: undefined, timestamp: new Date().toISOString() },
          metadata: undefined,
        });
      if (task === undefined) {
        bus.publish(
          AgentEvent.task({
            id: taskId,
            contextId,
            status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: new Date().toISOString() },
            artifacts: [],
            history: [userMessage],
            metadata: undefined,
          }),
        );
      }
      bus.publish(status(TaskState.TASK_STATE_WORKING));
      const part = {
        content: { $case: 'text' as const, value: `echo: ${text}` },
        mediaType: 'text/plain',
        filename: '',
        metadata: undefined,
      };
      bus.publish(
        AgentEvent.artifactUpdate({
          taskId,
          contextId,
          artifact: { artifactId: 'a-1', name: 'echo', description: '', parts: [part], metadata: undefined, extensions: [] },
          append: false,
          lastChunk: true,
          metadata: undefined,
        }),
      );
      bus.publish(status(TaskState.TASK_STATE_COMPLETED));
      bus.finished();
    },
    cancelTask: async () => undefined,
  };
}

/** {@link createEchoExecutor} with one `working` update. */
export const echoExecutor: AgentExecutor = createEchoExecutor();
