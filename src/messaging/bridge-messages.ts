/** Worker → content bridge (tabs.sendMessage): drop every cached x-voucher header. */
export const FORGET_HEADERS = { channel: 'bridge', type: 'forgetHeaders' } as const;

export function isForgetHeaders(message: unknown): boolean {
  const value = message as { channel?: unknown; type?: unknown } | null;
  return value?.channel === FORGET_HEADERS.channel && value.type === FORGET_HEADERS.type;
}

/** Bridge → wrapper on the private port: carries no request id, so it cannot be taken for a reply. */
export interface ForgetHeadersSignal {
  forgetHeaders: true;
}
