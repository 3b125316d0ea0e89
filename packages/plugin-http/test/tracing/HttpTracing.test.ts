import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { httpServiceToken } from '@cortex-os/http-api';
import { httpPlugin } from '@cortex-os/plugin-http';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

// The SDK is what a host app would register; the plugin only talks to @opentelemetry/api.
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('OpenTelemetry spans', () => {
  it('records a server span continuing the caller’s traceparent, with the tool call as its child', async () => {
    await using kernel = createKernel({
      plugins: [httpPlugin({ port: 0, metrics: { enabled: false } })],
      logger: createLogger({ level: 'silent' }),
    });
    kernel.tools.register(
      defineTool({ name: 'math.double', description: 'Doubles.', input: z.object({ n: z.number() }), handler: ({ n }) => ({ n: n * 2 }) }),
    );
    await kernel.start();
    const address = await kernel.get(httpServiceToken).listen();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    const response = await fetch(new URL('/api/v1/tools/math.double', address.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${parentSpanId}-01` },
      body: JSON.stringify({ n: 21 }),
    });
    expect(response.status).toBe(200);
    await kernel.stop();

    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.name === 'POST /api/v1/tools/:name');
    const tool = spans.find((s) => s.name === 'tool math.double');
    expect(server).toBeDefined();
    expect(tool).toBeDefined();
    expect(server?.spanContext().traceId).toBe(traceId);
    expect(server?.parentSpanContext?.spanId).toBe(parentSpanId);
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/v1/tools/:name',
      'http.response.status_code': 200,
    });
    expect(tool?.spanContext().traceId).toBe(traceId);
    expect(tool?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(tool?.attributes).toMatchObject({ 'cortex.tool.name': 'math.double', 'cortex.tool.caller': 'rest' });
  });
});
