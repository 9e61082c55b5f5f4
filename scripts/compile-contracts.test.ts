import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, compileContracts } from './compile-contracts';

describe('contract artifacts', () => {
  it('match a fresh compile of contracts/ (run npm run build:contracts after editing a .sol file)', async () => {
    const fresh = await compileContracts();
    expect([...fresh.keys()].sort()).toEqual(['TestToken.ts', 'VoucherCollateral.ts']);
    for (const [name, text] of fresh) {
      expect(await readFile(join(ARTIFACTS_DIR, name), 'utf8'), name).toBe(text);
    }
  });
});
