import { defineEvent, type EventDefinition } from '@cortex-os/kernel';
import { z } from 'zod';
import { memoryIdSchema, memoryModalitySchema, memoryTierSchema } from '../schema/memorySchemas.js';

/**
 * Data of `memory.stored`.
 * @public
 */
export const memoryStoredEventData = z.object({
  id: memoryIdSchema,
  kind: z.string(),
  modality: memoryModalitySchema,
  tier: memoryTierSchema,
  tags: z.array(z.string()),
  /** False when the memory was stored without a vector (keyword-only). */
  embedded: z.boolean(),
});
/**
 * Data of `memory.updated`; `textChanged` is true when the patch set the text.
 * @public
 */
export const memoryUpdatedEventData = z.object({ id: memoryIdSchema, version: z.number().int().positive(), textChanged: z.boolean() });
/**
 * Data of `memory.deleted`.
 * @public
 */
export const memoryDeletedEventData = z.object({ id: memoryIdSchema });

/**
 * Published on the bus after a memory is stored (once per memory of a batch).
 * @public
 */
export const memoryStoredEvent: EventDefinition<typeof memoryStoredEventData> = defineEvent({
  type: 'memory.stored',
  version: '1.0.0',
  data: memoryStoredEventData,
});

/**
 * Published on the bus after a memory is updated.
 * @public
 */
export const memoryUpdatedEvent: EventDefinition<typeof memoryUpdatedEventData> = defineEvent({
  type: 'memory.updated',
  version: '1.0.0',
  data: memoryUpdatedEventData,
});

/**
 * Published on the bus after a memory is deleted.
 * @public
 */
export const memoryDeletedEvent: EventDefinition<typeof memoryDeletedEventData> = defineEvent({
  type: 'memory.deleted',
  version: '1.0.0',
  data: memoryDeletedEventData,
});
