import { defineEvent, type EventDefinition } from '@cortex-os/kernel';
import { z } from 'zod';
import { type MemoryModality, type MemoryTier, memoryIdSchema, memoryModalitySchema, memoryTierSchema } from '../schema/memorySchemas.js';

/**
 * Data of `memory.stored`.
 * @public
 */
export interface MemoryStoredEventData {
  readonly id: string;
  readonly kind: string;
  readonly modality: MemoryModality;
  readonly tier: MemoryTier;
  readonly tags: readonly string[];
  /** False when the memory was stored without a vector (keyword-only). */
  readonly embedded: boolean;
}
/**
 * Data of `memory.updated`; `textChanged` is true when the patch set the text.
 * @public
 */
export interface MemoryUpdatedEventData {
  readonly id: string;
  readonly version: number;
  readonly textChanged: boolean;
}
/**
 * Data of `memory.deleted`.
 * @public
 */
export interface MemoryDeletedEventData {
  readonly id: string;
}

/**
 * Schema of {@link MemoryStoredEventData}.
 * @public
 */
export const memoryStoredEventData: z.ZodType<MemoryStoredEventData> = z.object({
  id: memoryIdSchema,
  kind: z.string(),
  modality: memoryModalitySchema,
  tier: memoryTierSchema,
  tags: z.array(z.string()),
  /** False when the memory was stored without a vector (keyword-only). */
  embedded: z.boolean(),
});
/**
 * Schema of {@link MemoryUpdatedEventData}.
 * @public
 */
export const memoryUpdatedEventData: z.ZodType<MemoryUpdatedEventData> = z.object({
  id: memoryIdSchema,
  version: z.number().int().positive(),
  textChanged: z.boolean(),
});
/**
 * Schema of {@link MemoryDeletedEventData}.
 * @public
 */
export const memoryDeletedEventData: z.ZodType<MemoryDeletedEventData> = z.object({ id: memoryIdSchema });

/**
 * Published on the bus after a memory is stored (once per memory of a batch).
 * @public
 */
export const memoryStoredEvent: EventDefinition<z.ZodType<MemoryStoredEventData>> = defineEvent({
  type: 'memory.stored',
  version: '1.0.0',
  data: memoryStoredEventData,
});

/**
 * Published on the bus after a memory is updated.
 * @public
 */
export const memoryUpdatedEvent: EventDefinition<z.ZodType<MemoryUpdatedEventData>> = defineEvent({
  type: 'memory.updated',
  version: '1.0.0',
  data: memoryUpdatedEventData,
});

/**
 * Published on the bus after a memory is deleted.
 * @public
 */
export const memoryDeletedEvent: EventDefinition<z.ZodType<MemoryDeletedEventData>> = defineEvent({
  type: 'memory.deleted',
  version: '1.0.0',
  data: memoryDeletedEventData,
});
