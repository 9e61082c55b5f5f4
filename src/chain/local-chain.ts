import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** The mnemonic anvil derives its funded development accounts from (public; local chains only). */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
export const LOCAL_CHAIN_ID = 31337;
const POLL_MS = 25;

export interface LocalChainOptions {
  chainId?: number;
  /** Funded development accounts; default 20. */
  accounts?: number;
  /** The port on 127.0.0.1; default a free one. */
  port?: number;
  /** How long to wait for the RPC to answer; default 20 s. */
  startTimeoutMs?: number;
}

export interface LocalChain {
  rpcUrl: string;
  chainId: number;
  /** Stops anvil and waits for it to exit. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * The native anvil binary of @foundry-rs/anvil's platform package, so stopping it stops the chain
 * itself; the package's node wrapper (node_modules/.bin/anvil) when the platform package is not
 * where we expect it.
 */
export function anvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  try {
    const native = join(dirname(require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`)), 'bin', 'anvil');
    if (existsSync(native)) return native;
  } catch {
    // fall through to the wrapper
  }
  return join(dirname(require.resolve('@foundry-rs/anvil/package.json')), 'bin.mjs');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True once the node answers eth_chainId with the chain id it was started with. */
async function answers(rpcUrl: string, chainId: number): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    const body = (await response.json()) as { result?: string };
    return body.result !== undefined && Number(body.result) === chainId;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts anvil on 127.0.0.1 on a free port and resolves once its RPC answers. Blocks are mined
 * when a transaction arrives (anvil's automine), so a test waits on a receipt, never on a clock.
 */
export async function startLocalChain(options: LocalChainOptions = {}): Promise<LocalChain> {
  const chainId = options.chainId ?? LOCAL_CHAIN_ID;
  const port = options.port || (await freePort());
  const rpcUrl = `http://127.0.0.1:${port}`;
  const binary = anvilBinary();
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--accounts', String(options.accounts ?? 20), '--mnemonic', ANVIL_MNEMONIC, '--silent'];
  const child = binary.endsWith('.mjs')
    ? spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  while (!(await answers(rpcUrl, chainId))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`anvil exited (${child.exitCode ?? child.signalCode}) before answering on ${rpcUrl}: ${stderr}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`anvil did not answer on ${rpcUrl} within ${options.startTimeoutMs ?? 20_000} ms: ${stderr}`);
    }
    // A poll interval, not a guess at the startup time: the loop ends when the RPC answers.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return { rpcUrl, chainId, stop };
}
