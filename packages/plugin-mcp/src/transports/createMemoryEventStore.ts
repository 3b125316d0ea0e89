import { randomUUID } from 'node:crypto';
import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';

/**
 * A bounded in-memory event store for one 2025-era session, so a client that reconnects with
 * `Last-Event-ID` gets the messages it missed. It lives and dies with its session.
 */
export function createMemoryEventStore(limit = 256): EventStore {
  const events = new Map<string, { readonly streamId: string; readonly message: JSONRPCMessage }>();
  return {
    async storeEvent(streamId, message) {
      const id = `${streamId}_${randomUUID()}`;
      events.set(id, { streamId, message });
      if (events.size > limit) events.delete(events.keys().next().value as string);
      return id;
    },
    async getStreamIdForEventId(eventId) {
      return events.get(eventId)?.streamId;
    },
    async replayEventsAfter(lastEventId, { send }) {
      const streamId = events.get(lastEventId)?.streamId;
      if (streamId === undefined) return '';
      let after = false;
      for (const [id, event] of events) {
        if (id === lastEventId) {
          after = true;
          continue;
        }
        if (after && event.streamId === streamId) await send(id, event.message);
      }
      return streamId;
    },
  };
}
