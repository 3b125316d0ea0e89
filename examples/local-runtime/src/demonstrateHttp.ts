/** Calls the runtime's HTTP server the way an operator or a remote caller would, and describes the answers. */
export async function demonstrateHttp(baseUrl: string): Promise<string[]> {
  const lines: string[] = [];
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`);
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
  };
  const live = await get('/live');
  const ready = await get('/ready');
  const health = await get('/health');
  const report = JSON.parse(health.body) as { status: string; checks: Record<string, unknown[]> };
  lines.push(
    `GET /live → ${live.status}; GET /ready → ${ready.status}; GET /health → ${health.status} ${health.type.split(';')[0]} status=${report.status} (${Object.keys(report.checks).length} checks)`,
  );
  const tools = JSON.parse((await get('/api/v1/tools')).body) as { tools?: { name: string }[] } | { name: string }[];
  const names = (Array.isArray(tools) ? tools : (tools.tools ?? [])).map((t) => t.name);
  lines.push(`GET /api/v1/tools → ${names.length} tools: ${names.join(', ')}`);
  const search = await fetch(`${baseUrl}/api/v1/tools/memory.search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'backup', limit: 1 }),
  });
  const found = (await search.json()) as { structured?: { hits?: { memory: { text: string } }[] } };
  lines.push(
    `POST /api/v1/tools/memory.search {"query":"backup"} → ${search.status}: ${found.structured?.hits?.[0]?.memory.text ?? JSON.stringify(found)}`,
  );
  const bad = await fetch(`${baseUrl}/api/v1/tools/memory.search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"query": 42}',
  });
  const problem = (await bad.json()) as { code?: string; detail?: string };
  lines.push(
    `POST /api/v1/tools/memory.search {"query":42} → ${bad.status} ${bad.headers.get('content-type')?.split(';')[0]} ${problem.code}: ${problem.detail}`,
  );
  const metrics = (await get('/metrics')).body.split('\n').filter((l) => l.startsWith('http_server_request_duration_seconds_count'));
  lines.push(`GET /metrics → ${metrics.length} request-duration series, e.g. ${metrics[0] ?? '(none)'}`);
  return lines;
}
