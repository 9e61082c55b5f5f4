/** What the transaction log keeps of an MCP (JSON-RPC 2.0) request. */
export interface McpRequestSummary {
  /** The JSON-RPC method, e.g. "tools/call": the record's operation. */
  method: string;
  /** The tool or prompt named in params, when there is one. */
  name?: string;
}

/** Bodies above this are not parsed for a method: MCP requests are small. */
const MAX_MCP_BODY_BYTES = 1_000_000;

/**
 * An MCP request is a POST whose body is a JSON-RPC 2.0 request (or a batch: its first request
 * names the record). Anything else, including unparseable JSON, is not MCP.
 */
export function describeMcpRequest(method: string, body: unknown): McpRequestSummary | undefined {
  if (method.toUpperCase() !== 'POST') return undefined;
  let text: string | undefined;
  if (typeof body === 'string') text = body;
  else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    if (bytes.byteLength > MAX_MCP_BODY_BYTES) return undefined;
    text = new TextDecoder().decode(bytes);
  }
  if (text === undefined || text.length > MAX_MCP_BODY_BYTES) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const first = Array.isArray(json) ? json[0] : json;
  if (typeof first !== 'object' || first === null) return undefined;
  const message = first as Record<string, unknown>;
  if (message.jsonrpc !== '2.0' || typeof message.method !== 'string') return undefined;
  const params = message.params as Record<string, unknown> | undefined;
  const name = typeof params?.name === 'string' ? params.name : undefined;
  return name === undefined ? { method: message.method } : { method: message.method, name };
}
