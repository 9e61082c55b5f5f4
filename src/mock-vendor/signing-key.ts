import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { ConfigError, privateKeyValue } from './config';

export const SIGNING_KEY_FILE = 'vendor-key.json';

/**
 * The vendor's signing key: the configured one, else the one persisted in dataDir, else a new
 * one written there (owner-only) so the vendor keeps its address — and its clients' vouchers,
 * which name it — across restarts.
 */
export async function loadSigningKey(configured: Hex | undefined, dataDir: string | undefined): Promise<Hex> {
  if (configured) return configured;
  if (dataDir === undefined) return generatePrivateKey();
  const path = join(dataDir, SIGNING_KEY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    try {
      return privateKeyValue((JSON.parse(text) as { privateKey?: unknown }).privateKey);
    } catch (error) {
      throw new ConfigError(`${path} does not hold a vendor key: ${(error as Error).message}`);
    }
  }
  const privateKey = generatePrivateKey();
  await mkdir(dataDir, { recursive: true });
  // 'wx': if another process created the file meanwhile, fail rather than replace its key.
  await writeFile(path, `${JSON.stringify({ privateKey })}\n`, { mode: 0o600, flag: 'wx' });
  return privateKey;
}
