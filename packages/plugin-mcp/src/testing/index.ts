/**
 * Test helpers: the SDK clients (v2) that tests and examples use to talk to a Cortex-OS MCP
 * server, re-exported so code outside this package needs no direct SDK dependency.
 *
 * @packageDocumentation
 */
export { Client, StreamableHTTPClientTransport, ProtocolError } from '@modelcontextprotocol/client';
export { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
export { startPlainHttpServer, type PlainHttpServer } from './startPlainHttpServer.js';
/** zod, re-exported for cross-package tests in the repository root, which have no dependencies of their own. */
export { z } from 'zod';
