import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { vendorBundle } from './vendor-bundle';

/** Every vendor this test process started, stopped if the process ends without its teardown. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const START_TIMEOUT_MS = 120_000;

export interface VendorInfo {
  url: string;
  vendor: string;
  chainId: string;
  verifyingContract: string;
  /** On a chain (no --demo, no --oracle): where it reads collateral and redeems. */
  chain?: { rpcUrl: string; chainId: number; contract: string; token: string; local: boolean } | null;
}

export interface ClientView {
  vouchers: { nonce: bigint; atoms: bigint; spent: boolean }[];
  nextNonce: bigint;
  unmarked: bigint;
  locked: bigint;
}

interface RawClientView {
  vouchers: { nonce: string; atoms: string; spent: boolean }[];
  nextNonce: string;
  unmarked: string;
  locked: string;
}

/** The bundled mock vendor in a child process, so a test can kill and restart it. */
export class VendorProcess {
  private child: ChildProcess | undefined;
  info: VendorInfo | undefined;
  readonly dataDir: string;
  private port = 0;

  constructor(private readonly extraArgs: string[] = ['--demo']) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'vw-vendor-'));
  }

  async start(): Promise<VendorInfo> {
    const child = spawn(
      process.execPath,
      [await vendorBundle(), '--port', String(this.port), '--data-dir', this.dataDir, ...this.extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const lines = createInterface({ input: child.stdout! });
    const info = await new Promise<VendorInfo>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL'); // never leave a half-started vendor behind
        reject(new Error(`vendor did not start in ${START_TIMEOUT_MS} ms: ${stderr}`));
      }, START_TIMEOUT_MS);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`vendor exited with ${code ?? signal}: ${stderr}`));
      });
      lines.on('line', (line) => {
        if (!line.startsWith('{')) return;
        try {
          const parsed = JSON.parse(line) as VendorInfo;
          if (parsed.url) {
            clearTimeout(timer);
            resolve(parsed);
          }
        } catch {
          // a log line that is not the startup record
        }
      });
    });
    // Keep the same port across restarts, so pages and approvals keep pointing at it.
    this.port = Number(new URL(info.url).port);
    this.info = info;
    return info;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async restart(): Promise<VendorInfo> {
    await this.stop();
    return this.start();
  }

  /** What the vendor holds for one client: its vouchers (ascending nonces) and credit. */
  async client(address: string): Promise<ClientView> {
    const view = await this.admin<RawClientView>(`/admin/clients/${address}`);
    return {
      vouchers: view.vouchers.map((voucher) => ({
        nonce: BigInt(voucher.nonce),
        atoms: BigInt(voucher.atoms),
        spent: voucher.spent,
      })),
      nextNonce: BigInt(view.nextNonce),
      unmarked: BigInt(view.unmarked),
      locked: BigInt(view.locked),
    };
  }

  /** Atoms this vendor process charged each client (resets when the process restarts). */
  async charged(address: string): Promise<{ requests: number; charged: bigint }> {
    const stats = await this.admin<{ clients: Record<string, { requests: number; charged: string }> }>('/admin/stats');
    const entry = stats.clients[address.toLowerCase()];
    return { requests: entry?.requests ?? 0, charged: BigInt(entry?.charged ?? 0) };
  }

  /** 402s this vendor process sent (and nonce_conflict 403s showing held vouchers): in total, and to requests whose voucher header named `address`. */
  async paymentRequired(address: string): Promise<{ total: number; client: number; codes: Record<string, number> }> {
    const stats = await this.admin<{ paymentRequired: number; paymentRequiredCodes: Record<string, number>; clients: Record<string, { paymentRequired: number }> }>(
      '/admin/stats',
    );
    return { total: stats.paymentRequired, client: stats.clients[address.toLowerCase()]?.paymentRequired ?? 0, codes: stats.paymentRequiredCodes };
  }

  /** GET a JSON admin view of the vendor. */
  async admin<T = unknown>(path: string): Promise<T> {
    const response = await fetch(new URL(path, this.info!.url));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }
}
