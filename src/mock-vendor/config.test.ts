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

  it('rejects bad values with a ConfigError', async () => {
    expect(() => applyJsonConfig(defaultConfig(), { prices: { atomsPerHour: 1.5 } })).toThrow(ConfigError);
    expect(() => applyJsonConfig(defaultConfig(), { colour: 'red' })).toThrow(/unknown config key/);
    expect(() => applyJsonConfig(defaultConfig(), { verifyingContract: '0x12' })).toThrow(ConfigError);
    await expect(configFromCli(['--port', '99999'], {})).rejects.toThrow(ConfigError);
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
