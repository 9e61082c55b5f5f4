import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface VendorInfo {
  url: string;
  vendor: string;
  chainId: string;
  verifyingContract: string;
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
      ['--import', 'tsx', 'src/vendor/main.ts', '--port', String(this.port), '--data-dir', this.dataDir, ...this.extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const lines = createInterface({ input: child.stdout! });
    const info = await new Promise<VendorInfo>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vendor did not start: ${stderr}`)), 30_000);
      child.once('exit', (code) => reject(new Error(`vendor exited with ${code}: ${stderr}`)));
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

  /** GET a JSON admin view of the vendor. */
  async admin<T = unknown>(path: string): Promise<T> {
    const response = await fetch(new URL(path, this.info!.url));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }
}
