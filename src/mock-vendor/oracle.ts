import { readFile, stat } from 'node:fs/promises';
import type { Address } from 'viem';
import type { ChainOracle } from '../engine/ports';
import { parseOracleClients, type OracleClientEntry, type OracleConfig } from './config';

/** How often, at most, the oracle file's modification time is checked. */
const FILE_CHECK_MS = 1000;

/**
 * What the chain says about clients, read from configuration instead of a chain: a JSON file
 * (re-read when it changes, so tests and operators can edit it while the vendor runs), inline
 * entries, and an open demo mode where any unknown client counts as subscribed to this vendor
 * with a default collateral. A real deployment replaces this with a chain-backed ChainOracle.
 */
export class ConfigChainOracle implements ChainOracle {
  private fileEntries: Record<string, OracleClientEntry> = {};
  private fileMtime = -1;
  private checkedAt = 0;

  private constructor(
    private readonly vendor: Address,
    private readonly config: OracleConfig,
  ) {}

  static async open(vendor: Address, config: OracleConfig): Promise<ConfigChainOracle> {
    const oracle = new ConfigChainOracle(vendor, config);
    await oracle.refresh(true);
    return oracle;
  }

  /** Re-reads the file when it changed. A file that turns unreadable keeps the last good entries. */
  private async refresh(mustRead = false): Promise<void> {
    const path = this.config.file;
    if (path === undefined || (!mustRead && Date.now() - this.checkedAt < FILE_CHECK_MS)) return;
    this.checkedAt = Date.now();
    try {
      const mtime = (await stat(path)).mtimeMs;
      if (mtime === this.fileMtime) return;
      this.fileEntries = parseOracleClients(JSON.parse(await readFile(path, 'utf8')), path);
      this.fileMtime = mtime;
    } catch (error) {
      if (mustRead) throw error;
    }
  }

  private async entry(client: Address): Promise<OracleClientEntry | undefined> {
    await this.refresh();
    const key = client.toLowerCase();
    const known = this.fileEntries[key] ?? this.config.clients?.[key];
    if (known) return known;
    if (this.config.demoCollateral === undefined) return undefined;
    return { collateral: this.config.demoCollateral, subscriptions: [this.vendor] };
  }

  async collateral(client: Address): Promise<bigint> {
    return (await this.entry(client))?.collateral ?? 0n;
  }

  async isSubscribed(client: Address, vendor: Address): Promise<boolean> {
    const subscriptions = (await this.entry(client))?.subscriptions ?? [];
    return subscriptions.some((subscribed) => subscribed.toLowerCase() === vendor.toLowerCase());
  }

  async totalSubscriptions(client: Address): Promise<bigint> {
    return BigInt((await this.entry(client))?.subscriptions.length ?? 0);
  }
}
