import { TaskState } from '@a2a-js/sdk';
import { AgentEvent, type AgentExecutor } from '@a2a-js/sdk/server';

/**
 * A trivial SDK executor: the task (unless it exists), `working` (`workingUpdates` times, the
 * later ones with the step in their metadata), an artifact echoing the text (or `reply`),
 * `completed`. Also the bench's baseline agent.
 */
export function createEchoExecutor(workingUpdates = 1, reply?: string): AgentExecutor {
  return {
    execute: async ({ taskId, contextId, userMessage, task }, bus) => {
      const text = userMessage.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
      const status = (state: TaskState, metadata?: Record<string, unknown>) =>
        AgentEvent.statusUpdate({
          taskId,
          contextId,
          status: { state, message: undefined, timestamp: new Date().toISOString() },
          metadata,
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
      // After the first, each `working` names its step, as AgentRunExecutor's do (so each is a real write, not a repeat).
      for (let i = 0; i < workingUpdates; i++) bus.publish(status(TaskState.TASK_STATE_WORKING, i === 0 ? undefined : { step: i }));
      const part = {
        content: { $case: 'text' as const, value: reply ?? `echo: ${text}` },
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
