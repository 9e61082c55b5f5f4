import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Hex } from 'viem';
import type { Asset, RoutePrices } from '../../protocol';
import { vendorKeyId, type VendorKey } from '../vendor-key';
import { fromWire, toWire } from '../../lib/bigint-wire';
import { InProcessKeyedLock } from '../../lib/keyed-lock';
import {
  adoptIn,
  newVendorState,
  recordReceiptIn,
  reserveIn,
  storeSignatureIn,
  withApprovedTermsIn,
  withHoldIn,
  withLimitsIn,
  withTermsIn,
} from './transitions';
import type {
  Adoption,
  ReceiptUpdate,
  ReserveRequest,
  ReserveResult,
  VendorHold,
  VendorLimits,
  VendorVoucherState,
  VoucherStateStore,
} from './types';

/**
 * Where a Node client keeps its vouchers unless told otherwise: one file per vendor base URL,
 * `~/.voucher-wallet/<host>_<port>.json` (every client key and vendor key behind that URL shares it).
 */
export function defaultVoucherStatePath(baseUrl: string, home: string = homedir()): string {
  const url = new URL(baseUrl);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const name = `${url.hostname}_${port}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(home, '.voucher-wallet', `${name}.json`);
}

/** A lock file older than this belongs to a process that died holding it. */
export const STALE_LOCK_MS = 30_000;
const LOCK_RETRY_MS = 5;

interface StateFile {
  version: 1;
  vendors: Record<string, VendorVoucherState>;
}

/**
 * Voucher state in one JSON file, for Node clients that must continue their nonces after a
 * restart. Each change holds the file's lock (an in-process queue, then an exclusive lock file,
 * so two processes cannot interleave), reads the file, applies the same transition as the other
 * stores, and replaces the file by writing a temporary one and renaming it over: a crash leaves
 * the old file or the new one, never half of one. Readers need no lock for that reason.
 */
export class FileVoucherStateStore implements VoucherStateStore {
  private readonly queue = new InProcessKeyedLock();
  private writes = 0;
  private folder: Promise<unknown> | undefined;

  constructor(
    readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: VendorKey): Promise<VendorVoucherState | null> {
    return (await this.read()).vendors[vendorKeyId(key)] ?? null;
  }

  async ensure(key: VendorKey, limits: VendorLimits): Promise<VendorVoucherState> {
    return this.modify((file) => {
      const id = vendorKeyId(key);
      file.vendors[id] ??= newVendorState(key, limits);
      return file.vendors[id];
    });
  }

  setLimits(key: VendorKey, limits: Partial<VendorLimits>): Promise<VendorVoucherState> {
    return this.change(key, (state) => ({ state: withLimitsIn(state, limits), result: undefined })).then(({ state }) => state);
  }

  async setTerms(key: VendorKey, terms: { prices: RoutePrices; asset: Asset }): Promise<void> {
    await this.change(key, (state) => ({ state: withTermsIn(state, terms), result: undefined }));
  }

  async approveTerms(key: VendorKey, terms: { prices: RoutePrices; asset: Asset }): Promise<void> {
    await this.change(key, (state) => ({ state: withApprovedTermsIn(state, terms), result: undefined }));
  }

  async setHold(key: VendorKey, hold: VendorHold | null): Promise<void> {
    await this.change(key, (state) => ({ state: withHoldIn(state, hold), result: undefined }));
  }

  async reserve(key: VendorKey, request: ReserveRequest): Promise<ReserveResult> {
    return (await this.change(key, (state) => reserveIn(state, request))).result;
  }

  async storeSignature(key: VendorKey, nonce: bigint, signature: Hex): Promise<void> {
    await this.change(key, (state) => ({ state: storeSignatureIn(state, nonce, signature), result: undefined }));
  }

  /**
   * Not forced to disk: what a receipt says the vendor tells again (a 402's nextNonce, the next
   * receipt), whereas a voucher signed and then lost to a power cut would be signed anew with
   * other content under its nonce.
   */
  async recordReceipt(key: VendorKey, update: ReceiptUpdate): Promise<VendorVoucherState> {
    return (await this.change(key, (state) => ({ state: recordReceiptIn(state, update), result: undefined }), false)).state;
  }

  /** Forced to disk: adopted vouchers are what keeps this payer from signing their nonces again. */
  async adopt(key: VendorKey, adoption: Adoption): Promise<VendorVoucherState> {
    return (await this.change(key, (state) => ({ state: adoptIn(state, adoption), result: undefined }))).state;
  }

  async list(): Promise<VendorVoucherState[]> {
    return Object.values((await this.read()).vendors);
  }

  private async change<R>(
    key: VendorKey,
    transition: (state: VendorVoucherState) => { state: VendorVoucherState; result: R },
    durable = true,
  ): Promise<{ state: VendorVoucherState; result: R }> {
    return this.modify((file) => {
      const id = vendorKeyId(key);
      const state = file.vendors[id];
      if (!state) throw new RangeError(`no voucher state for vendor ${key.vendor}`);
      const next = transition(state);
      file.vendors[id] = next.state;
      return next;
    }, durable);
  }

  /** Read, change and replace the file under its lock; `fn` throwing leaves the file as it was. */
  private modify<R>(fn: (file: StateFile) => R, durable = true): Promise<R> {
    return this.queue.run(this.path, async () => {
      const release = await this.lockFile();
      try {
        const file = await this.read();
        const result = fn(file);
        await this.replace(file, durable);
        return result;
      } finally {
        await release();
      }
    });
  }

  private async read(): Promise<StateFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, vendors: {} };
      throw error;
    }
    return fromWire(JSON.parse(text)) as StateFile;
  }

  private async replace(file: StateFile, durable: boolean): Promise<void> {
    const temporary = `${this.path}.${process.pid}.${this.writes++}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(toWire(file)));
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
  }

  /** The cross-process lock: a file created exclusively; one left by a dead process is taken over. */
  private async lockFile(): Promise<() => Promise<void>> {
    const lockPath = `${this.path}.lock`;
    this.folder ??= mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await this.folder;
    for (;;) {
      try {
        const handle = await open(lockPath, 'wx', 0o600);
        await handle.close();
        return () => unlink(lockPath).catch(() => undefined);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const held = await stat(lockPath).catch(() => null);
      if (held && this.now() - held.mtimeMs > STALE_LOCK_MS) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}
