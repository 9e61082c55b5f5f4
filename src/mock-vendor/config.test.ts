import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromCli, DEMO_COLLATERAL } from './cli';
import { ConfigError, applyJsonConfig, defaultConfig } from './config';
import { isLoopback } from './http';
import { countToolCalls } from './routes/mcp';
import { loadSigningKey } from './signing-key';

describe('vendor configuration', () => {
  it('layers defaults < config file < environment < flags', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vendor-config-'));
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ port: 9000, chainId: '5', prices: { atomsPerGB: '7' }, approxCost: { echo: 3 } }));
    const config = await configFromCli(['--config', file, '--port', '0', '--demo', '--store', 'memory'], {
      VENDOR_PORT: '9100',
      VENDOR_CHAIN_ID: '11155111',
    });
    expect(config.port).toBe(0);
    expect(config.chainId).toBe(11155111n);
    expect(config.prices).toEqual({ atomsPerHour: defaultConfig().prices.atomsPerHour, atomsPerGB: 7n });
    expect(config.approxCost.echo).toBe(3n);
    expect(config.store).toBe('memory');
    expect(config.oracle.demoCollateral).toBe(DEMO_COLLATERAL);
    await rm(dir, { recursive: true, force: true });
  });

  it('puts the local chain on the port asked for, and refuses a port that is none', async () => {
    expect((await configFromCli(['--chain-port', '8545'], {})).localChainPort).toBe(8545);
    expect((await configFromCli([], { VENDOR_CHAIN_PORT: '9545' })).localChainPort).toBe(9545);
    expect((await configFromCli([], {})).localChainPort).toBeUndefined();
    await expect(configFromCli(['--chain-port', '0'], {})).rejects.toThrow(ConfigError);
    await expect(configFromCli(['--chain-port', 'x'], {})).rejects.toThrow(ConfigError);
  });

  it('rejects bad values with a ConfigError', async () => {
    expect(() => applyJsonConfig(defaultConfig(), { prices: { atomsPerHour: 1.5 } })).toThrow(ConfigError);
    expect(() => applyJsonConfig(defaultConfig(), { colour: 'red' })).toThrow(/unknown config key/);
    expect(() => applyJsonConfig(defaultConfig(), { verifyingContract: '0x12' })).toThrow(ConfigError);
    await expect(configFromCli(['--port', '99999'], {})).rejects.toThrow(ConfigError);
  });

  it('chooses the chain: local by default, none with --demo or --oracle, a named one with --rpc-url', async () => {
    expect((await configFromCli([], {})).chain).toBe('local');
    expect((await configFromCli(['--demo'], {})).chain).toBeUndefined();
    expect((await configFromCli(['--oracle', 'clients.json'], {})).chain).toBeUndefined();
    const contract = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    const token = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
    const named = await configFromCli(['--rpc-url', 'http://127.0.0.1:8545', '--redeem-batch', '10', '--redeem-interval-ms', '500'], {
      VENDOR_CHAIN_ID: '8453',
      VENDOR_VERIFYING_CONTRACT: contract,
      VENDOR_TOKEN: token,
    });
    expect(named.chain).toEqual({ rpcUrl: 'http://127.0.0.1:8545', chainId: 8453, contract, token });
    expect(named.redeemer).toEqual({ batchSize: 10, intervalMs: 500 });
    await expect(configFromCli(['--rpc-url', 'http://127.0.0.1:8545'], {})).rejects.toThrow(/chain.chainId/);
    expect(() => applyJsonConfig(defaultConfig(), { chain: { rpcUrl: 'ftp://x', chainId: 1, contract, token } })).toThrow(ConfigError);
    expect(() => applyJsonConfig(defaultConfig(), { redeemer: { batchSize: 0 } })).toThrow(ConfigError);
  });

  it('persists a generated vendor key and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vendor-key-'));
    const first = await loadSigningKey(undefined, dir);
    expect(await loadSigningKey(undefined, dir)).toBe(first);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('request classification', () => {
  it('admin routes answer loopback addresses only', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.2', '192.168.1.5', '::ffff:10.0.0.1', undefined].some(isLoopback)).toBe(false);
  });

  it('counts tools/call messages, single or batched, as the paid MCP requests', () => {
    expect(countToolCalls({ method: 'tools/list' })).toBe(0);
    expect(countToolCalls({ method: 'tools/call' })).toBe(1);
    expect(countToolCalls([{ method: 'tools/call' }, { method: 'initialize' }, { method: 'tools/call' }])).toBe(2);
    expect(countToolCalls(undefined)).toBe(0);
    expect(countToolCalls([null, 3, 'x'])).toBe(0);
  });
});
