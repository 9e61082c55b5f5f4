// Constants and viem-free modules only: the page world bundles this.
import { defaultSanitizeRequest, type SanitizeRequest } from '../storage/privacy';
import { describeMcpRequest } from './mcp-request';
import type { RecordRequest } from './record-model';

export interface DescribedRequest {
  url: string;
  method: string;
  headers: Headers;
  /** The body as it will be sent (a stream body is described by nothing but its headers). */
  body: unknown;
  /** ms since the epoch. */
  at: number;
  /** What is kept of headers and body; default: whitelisted headers, body as SHA-256 and size. */
  sanitize?: SanitizeRequest;
}

/**
 * The request fields of a record: method, URL, whitelisted headers, body hash and size, and MCP
 * detection (a POST of a JSON-RPC 2.0 request or batch). Never the body or a secret header.
 */
export async function describeRequest({ url, method, headers, body, at, sanitize }: DescribedRequest): Promise<RecordRequest> {
  const upper = method.toUpperCase();
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => (plain[name] = value));
  const sanitized = await (sanitize ?? defaultSanitizeRequest)(plain, body);
  const mcp = describeMcpRequest(upper, typeof body === 'string' || body instanceof URLSearchParams ? String(body) : body);
  const described: RecordRequest = {
    at,
    method: upper,
    url,
    headersSummary: sanitized.headersSummary ?? {},
    stream: (headers.get('accept') ?? '').includes('text/event-stream'),
    protocol: mcp ? 'mcp' : 'http',
  };
  if (sanitized.requestBodyHash !== undefined) described.bodyHash = sanitized.requestBodyHash;
  if (sanitized.requestBodySize !== undefined) described.bodySize = sanitized.requestBodySize;
  if (mcp) described.operation = mcp.method.slice(0, 256);
  if (mcp?.name !== undefined) described.mcpName = mcp.name.slice(0, 256);
  return described;
}
