import { z } from 'zod';
import { clientTxRef, httpUrl } from '../schemas';

const headerMap = z.record(z.string().max(64), z.string().max(1024)).refine((map) => Object.keys(map).length <= 32);
const durationMs = z.number().min(0).max(86_400_000);

export const recordRequestSchema = z.strictObject({
  at: z.number(),
  method: z.string().min(1).max(16),
  url: httpUrl,
  headersSummary: headerMap,
  bodyHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  bodySize: z.number().int().min(0).optional(),
  stream: z.boolean(),
  protocol: z.enum(['http', 'mcp', 'other']),
  operation: z.string().max(256).optional(),
  mcpName: z.string().max(256).optional(),
});

export const recordResponseSchema = z.strictObject({
  status: z.number().int().min(0).max(999),
  durationMs,
  stream: z.boolean(),
});

export const recordEventSchema = z.strictObject({
  clientTxRef,
  request: recordRequestSchema.optional(),
  response: recordResponseSchema.optional(),
  receipt: z
    .strictObject({
      source: z.enum(['header', 'sse']),
      value: z.string().max(8192),
      elapsedMs: durationMs,
      bytes: z.number().int().min(0).optional(),
    })
    .optional(),
  end: z
    .strictObject({ error: z.strictObject({ code: z.string().max(64), message: z.string().max(512) }).optional() })
    .optional(),
});
