/** One line of a viem/RPC failure for a WalletError's message (viem's shortMessage when it has one). */
export function rpcErrorText(error: unknown): string {
  const text = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}
