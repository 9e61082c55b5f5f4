import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { RECEIPT_HEADER, encodeReceiptEvent, encodeReceiptHeader, parseJson } from '../../protocol';
import { readBody } from '../http';
import type { Admission } from '../payment-gate';
import type { RouteHandler, VendorContext } from './context';
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
function prefersJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  const sse = accept.indexOf('text/event-stream');
  const json = accept.indexOf('application/json');
  return !(sse >= 0 && (json < 0 || sse < json));
}

function webRequest(req: IncomingMessage, url: URL, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(url, { method: req.method ?? 'GET', headers, ...(body?.length ? { body: new Uint8Array(body) } : {}) });
}

async function runMcp(req: IncomingMessage, url: URL, body: Buffer | undefined): Promise<{ response: Response; close(): Promise<void> }> {
  const server = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: prefersJson(req),
  });
  await server.connect(transport);
  const response = await transport.handleRequest(webRequest(req, url, body));
  return { response, close: () => server.close() };
}

function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.entries());
}

/** Copies a response body to the client; returns the bytes sent. */
async function pump(response: Response, res: ServerResponse): Promise<number> {
  let bytes = 0;
  if (response.body === null) return bytes;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (res.destroyed) break;
    bytes += chunk.byteLength;
    res.write(chunk);
  }
  return bytes;
}

/** POST /mcp (and GET/DELETE, which the stateless transport answers itself): MCP over Streamable HTTP. */
export const mcpRoute: RouteHandler = async (req, res, url, ctx) => {
  const body = req.method === 'POST' ? await readBody(req) : undefined;
  const calls = body ? countToolCalls(parseJson(body.toString('utf8'))) : 0;
  if (calls === 0) {
    const { response, close } = await runMcp(req, url, body);
    res.writeHead(response.status, headersOf(response));
    await pump(response, res);
    res.end();
    await close();
    return;
  }
  const admission = await ctx.gate.admit(req, res, ctx.config.approxCost.mcp * BigInt(calls));
  if (admission === undefined) return;
  let run: Awaited<ReturnType<typeof runMcp>>;
  try {
    run = await runMcp(req, url, body);
  } catch (error) {
    await ctx.gate.abandon(admission);
    throw error;
  }
  try {
    await answerPaid(res, ctx, admission, run.response);
  } finally {
    await run.close();
  }
};

async function answerPaid(res: ServerResponse, ctx: VendorContext, admission: Admission, response: Response): Promise<void> {
  // The transport refused the request (bad Accept, unparsable JSON-RPC …): no tool ran, no charge.
  if (response.status < 200 || response.status >= 300) {
    await ctx.gate.abandon(admission);
    const text = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, headersOf(response));
    res.end(text);
    return;
  }
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    res.writeHead(response.status, headersOf(response));
    const bytes = await pump(response, res);
    const receipt = await ctx.gate.settle(admission, bytes);
    res.end(res.destroyed ? undefined : encodeReceiptEvent(receipt));
    return;
  }
  const text = Buffer.from(await response.arrayBuffer());
  const receipt = await ctx.gate.settle(admission, text.byteLength);
  res.writeHead(response.status, {
    ...headersOf(response),
    'content-length': String(text.byteLength),
    [RECEIPT_HEADER]: encodeReceiptHeader(receipt),
  });
  res.end(text);
}
