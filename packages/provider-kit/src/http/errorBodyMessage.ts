/**
 * The message of an error body in the OpenAI (`{error:{message}}`), Ollama/llama.cpp
 * (`{error:"…"}`) or FastAPI (`{detail}`) shape; undefined when it has none of them.
 * @public
 */
export function errorBodyMessage(body: Record<string, unknown>): string | undefined {
  const error = body['error'];
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && typeof (error as Record<string, unknown>)['message'] === 'string')
    return (error as Record<string, string>)['message'];
  const detail = body['detail'];
  if (typeof detail === 'string') return detail;
  if (detail !== undefined) return JSON.stringify(detail);
  return undefined;
}
