import { kernelDescriptionToMermaid, type KernelDescription } from '@cortex-os/kernel';
import type { HttpRouteSummary } from '@cortex-os/http-api';

/**
 * What `GET /describe` answers: the kernel's own description plus the HTTP routes and the
 * plugin graph as Mermaid.
 * @public
 */
export interface HttpKernelDescription extends KernelDescription {
  /** HTTP routes and raw mounts. */
  readonly routes: readonly HttpRouteSummary[];
  /** The plugin graph as a Mermaid flowchart. */
  readonly mermaid: string;
}

/**
 * Adds the HTTP routes and a Mermaid rendering to a kernel description (`kernel.describe()`).
 * @public
 */
export function describeKernel(description: KernelDescription, routes: readonly HttpRouteSummary[] = []): HttpKernelDescription {
  return { ...description, routes: [...routes], mermaid: kernelDescriptionToMermaid(description) };
}
