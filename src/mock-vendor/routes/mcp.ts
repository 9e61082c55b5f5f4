import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { encodeErrorBody, parseJson } from '../../protocol';
import { meteredStream } from '../../paywall/metered-stream';
import { readBody } from '../http';
import type { RouteHandler } from './context';
import { createMcpServer } from './mcp-server';

/** JSON-RPC messages in a POST body that run a tool: the paid ones. initialize, tools/list, … are free. */
export function countToolCalls(body: unknown): number {
  const messages = Array.isArray(body) ? body : [body];
  return messages.filter((message) => (message as { method?: unknown } | null)?.method === 'tools/call').length;
}

/**
 * JSON responses unless the client lists text/event-stream before application/json in Accept:
 * a JSON response carries its receipt in a header, an SSE one as the final event.
 */
function prefersJson(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  const sse = accept.indexOf('text/event-stream');
  const json = accept.indexOf('application/json');
  return !(sse >= 0 && (json < 0 || sse < json));
}

/** Runs the request on a fresh stateless MCP server, closed once its answer has been read (or cancelled). */
async function runMcp(request: Request, body: Uint8Array<ArrayBuffer> | undefined): Promise<Response> {
  const server = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: prefersJson(request),
  });
  await server.connect(transport);
  let response: Response;
  try {
    const forwarded = body === undefined ? request : new Request(request.url, { method: request.method, headers: request.headers, ...(body.length ? { body } : {}) });
    response = await transport.handleRequest(forwarded);
  } catch (error) {
    await server.close();
    throw error;
  }
  if (response.body === null) {
    await server.close();
    return response;
  }
  const closing = meteredStream(response.body, async () => {
    await server.close();
    return undefined;
  });
  return new Response(closing, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * GET /mcp would open the standalone server-to-client stream; a stateless server has nothing to
 * send on it, so it answers 405 as MCP Streamable HTTP allows, rather than holding the
 * connection open forever.
 */
function noStandaloneStream(): Response {
  return new Response(encodeErrorBody('app_method_not_allowed', 'this MCP server offers no standalone stream: POST JSON-RPC messages to /mcp'), {
    status: 405,
    headers: { allow: 'POST, DELETE', 'content-type': 'application/json; charset=utf-8' },
  });
}

/** POST /mcp (and DELETE, which the stateless transport answers itself): MCP over Streamable HTTP; GET is a 405. */
export const mcpRoute: RouteHandler = async (request, _url, ctx) => {
  if (request.method === 'GET') return noStandaloneStream();
  const body = request.method === 'POST' ? await readBody(request) : undefined;
  const calls = body ? countToolCalls(parseJson(new TextDecoder().decode(body))) : 0;
  if (calls === 0) return runMcp(request, body);
  // The paywall charges the answer; a transport refusal (bad Accept, unparsable JSON-RPC …) runs no tool and is not charged.
  return ctx.paywall.handle(request, { approxCost: ctx.config.approxCost.mcp * BigInt(calls) }, () => runMcp(request, body));
};
