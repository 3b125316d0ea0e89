/**
 * The kernel's internal entry, `@cortex-os/kernel/internal`: the machinery the kernel builds
 * for itself (container, registries, bus, router, resilience policy), for this repository's
 * benchmarks and tests only. It is not covered by semver and may change in any release;
 * plugins and hosts reach these through `createKernel` and the public door instead.
 *
 * @internal
 * @packageDocumentation
 */
export {
  createServiceContainer,
  type ServiceContainer,
  type ServiceScope,
  type ServiceResolver,
  type ServiceBinding,
  type ServiceLifetime,
} from '../container/ServiceContainer.js';
export { createContractRegistry, type ContractRegistry } from '../contracts/ContractRegistry.js';
export { createEventBus, type EventBus, type CreateEventBusOptions } from '../events/EventBus.js';
export { createToolRegistry, type ToolRegistry, type CreateToolRegistryOptions } from '../tools/ToolRegistry.js';
export { createResourceRegistry, type ResourceRegistry } from '../resources/ResourceRegistry.js';
export { createPromptRegistry, type PromptRegistry } from '../prompts/PromptRegistry.js';
export {
  createResiliencePolicy,
  type ResiliencePolicy,
  type CreateResiliencePolicyOptions,
} from '../resilience/ResiliencePolicy.js';
export {
  createPolicyRouter,
  type PolicyRouter,
  type CreatePolicyRouterOptions,
  type RouterResilienceOptions,
} from '../router/PolicyRouter.js';
