import { A2aError } from '../errors/A2aError.js';

/**
 * What a caller needs from a remote task, whichever protocol version carried it.
 * @public
 */
export interface A2aTaskView {
  /** The remote task's id; empty when the agent answered with a message and made no task. */
  readonly taskId: string;
  /** The remote context (conversation) id, when the agent gave one. */
  readonly contextId: string;
  /**
   * The task's state in 0.3 spelling (`submitted`, `working`, `input-required`, `auth-required`,
   * `completed`, `failed`, `canceled`, `rejected`, `unknown`); a message answer is `completed`.
   */
  readonly state: string;
  /** The text of the artifacts' text parts, or else of the last status or answer message. */
  readonly text: string;
  /** The data parts' values of the artifacts, in order. */
  readonly data: readonly unknown[];
}

type Json = Record<string, unknown>;

/** The states in which a task waits or has ended: its status message then speaks for it. */
const stopped = new Set(['completed', 'failed', 'canceled', 'rejected', 'input-required', 'auth-required']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `TASK_STATE_INPUT_REQUIRED` → `input-required`; 0.3 names pass through. */
function stateName(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') return 'unknown';
  return raw.startsWith('TASK_STATE_') ? raw.slice('TASK_STATE_'.length).toLowerCase().replaceAll('_', '-') : raw;
}

function partsOf(holder: unknown): Json[] {
  return isObject(holder) && Array.isArray(holder.parts) ? holder.parts.filter(isObject) : [];
}

/** v1.0 parts are `{ text }` / `{ data }`; 0.3 parts add `kind`: either way the field names the content. */
function textOf(parts: readonly Json[]): string {
  return parts.flatMap((part) => (typeof part.text === 'string' ? [part.text] : [])).join('\n');
}

function fail(agent: string, why: string): A2aError {
  return A2aError.create('A2A_REMOTE_FAILED', { agent, reason: `its answer is not an A2A ${why}` });
}

/** A task object (either version) as a view. */
function fromTask(agent: string, task: unknown): A2aTaskView {
  if (!isObject(task) || typeof task.id !== 'string') throw fail(agent, 'task');
  const status = isObject(task.status) ? task.status : {};
  const artifacts = Array.isArray(task.artifacts) ? task.artifacts : [];
  const artifactParts = artifacts.flatMap(partsOf);
  return {
    taskId: task.id,
    contextId: typeof task.contextId === 'string' ? task.contextId : '',
    state: stateName(status.state),
    text: textOf(artifactParts) || textOf(partsOf(status.message)),
    data: artifactParts.flatMap((part) => ('data' in part ? [part.data] : [])),
  };
}

function fromMessage(agent: string, message: unknown): A2aTaskView {
  if (!isObject(message) || typeof message.messageId !== 'string') throw fail(agent, 'message');
  const parts = partsOf(message);
  return {
    taskId: typeof message.taskId === 'string' ? message.taskId : '',
    contextId: typeof message.contextId === 'string' ? message.contextId : '',
    state: 'completed',
    text: textOf(parts),
    data: parts.flatMap((part) => ('data' in part ? [part.data] : [])),
  };
}

/**
 * Reads a `SendMessage` result — v1.0's `{ task }` / `{ message }` or 0.3's bare task or message —
 * as an {@link A2aTaskView}.
 * @param agent - the remote agent's name, for errors
 * @param result - the JSON-RPC `result`
 * @throws {@link A2aError} `A2A_REMOTE_FAILED` when it is neither a task nor a message
 * @public
 */
export function readA2aResult(agent: string, result: unknown): A2aTaskView {
  if (!isObject(result)) throw fail(agent, 'task or message');
  if ('task' in result) return fromTask(agent, result.task);
  if ('message' in result) return fromMessage(agent, result.message);
  if (result.kind === 'message') return fromMessage(agent, result);
  return fromTask(agent, result);
}

/**
 * Folds one streamed event into the view so far: a task or message replaces it; a status update
 * sets the state (and the text, while no artifact gave one); an artifact update adds its parts.
 * @param agent - the remote agent's name, for errors
 * @param view - the view so far (undefined before the first event)
 * @param event - the JSON-RPC `result` of one SSE event, v1.0 (`{ statusUpdate }`, …) or 0.3 (`kind`)
 * @throws {@link A2aError} `A2A_REMOTE_FAILED` for an event of neither form
 * @public
 */
export function foldA2aEvent(agent: string, view: A2aTaskView | undefined, event: unknown): A2aTaskView {
  if (!isObject(event)) throw fail(agent, 'stream event');
  const status = event.statusUpdate ?? (event.kind === 'status-update' ? event : undefined);
  const artifact = event.artifactUpdate ?? (event.kind === 'artifact-update' ? event : undefined);
  if (status === undefined && artifact === undefined) return readA2aResult(agent, event);
  const base = view ?? { taskId: '', contextId: '', state: 'unknown', text: '', data: [] };
  const update = isObject(status) ? status : isObject(artifact) ? artifact : {};
  const ids = {
    taskId: typeof update.taskId === 'string' ? update.taskId : base.taskId,
    contextId: typeof update.contextId === 'string' ? update.contextId : base.contextId,
  };
  if (isObject(status)) {
    const s = isObject(status.status) ? status.status : {};
    const state = stateName(s.state);
    // Progress messages ("working…") are not the answer: a status message becomes the text only
    // when the task stops and no artifact gave one.
    const text = base.text !== '' || base.data.length > 0 || !stopped.has(state) ? base.text : textOf(partsOf(s.message));
    return { ...base, ...ids, state, text };
  }
  const parts = partsOf(isObject(artifact) ? artifact.artifact : undefined);
  const text = textOf(parts);
  return {
    ...base,
    ...ids,
    text: [base.text, text].filter((t) => t !== '').join('\n'),
    data: [...base.data, ...parts.flatMap((part) => ('data' in part ? [part.data] : []))],
  };
}
