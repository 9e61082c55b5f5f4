import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { VENDOR_USAGE } from './cli';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/mock-vendor/main.ts', ...args], { encoding: 'utf8', timeout: 20_000 });

describe('npm run vendor', () => {
  it('--help prints the usage and exits 0, starting nothing', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(VENDOR_USAGE);
    expect(result.stderr).toBe('');
  });

  it('an unknown flag prints what was wrong and the usage, exit 2, no stack trace', () => {
    const result = run('--bogus');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain('Usage: npm run vendor');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
