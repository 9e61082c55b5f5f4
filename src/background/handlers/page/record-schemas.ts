import { z } from 'zod';
import { clientTxRef, httpUrl } from '../schemas';

const headerMap = z.record(z.string().max(64), z.string().max(1024)).refine((map) => Object.keys(map).length <= 32);

export const startedSchema = z.strictObject({
  kind: z.literal('started'),
  clientTxRef,
  at: z.number(),
  method: z.string().min(1).max(16),
  url: httpUrl,
  headersSummary: headerMap,
  bodyHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  bodySize: z.number().int().min(0).optional(),
  stream: z.boolean(),
  protocol: z.enum(['http', 'mcp', 'other']),
  operation: z.string().max(256).optional(),
});

export const recordEventSchema = z.discriminatedUnion('kind', [
  startedSchema,
  z.strictObject({
    kind: z.literal('headers'),
    clientTxRef,
    status: z.number().int().min(0).max(999),
    durationMs: z.number().min(0).max(86_400_000),
    stream: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('receipt'),
    clientTxRef,
    source: z.enum(['header', 'sse']),
    value: z.string().max(8192),
  }),
  z.strictObject({ kind: z.literal('finished'), clientTxRef }),
  z.strictObject({ kind: z.literal('error'), clientTxRef, code: z.string().max(64), message: z.string().max(512) }),
]);
