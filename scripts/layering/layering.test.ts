import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** The layering rules' violations for `src` under `cwd`. */
async function violations(cwd: string): Promise<Violation[]> {
  const run = promisify(execFile);
  const { stdout } = await run(DEPCRUISE, ['src', '--config', CONFIG, '--output-type', 'json'], { cwd, maxBuffer: 64 << 20 }).catch(
    // depcruise exits non-zero when it finds violations; its JSON report is still on stdout.
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const fixtures: string[] = [];
afterAll(() => Promise.all(fixtures.map((dir) => rm(dir, { recursive: true, force: true }))));

async function fixture(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'layering-'));
  fixtures.push(dir);
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

// Each cruise reads the whole tree: seconds when idle, far more on a loaded machine.
describe('layering (.dependency-cruiser.cjs)', { timeout: 180_000 }, () => {
  it('the source tree keeps every rule', async () => {
    const found = await violations(ROOT);
    expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('catches a wrong import, a type-only one, a package not allowed and a JSX file', async () => {
    const dir = await fixture({
      'src/protocol/a.ts': "import { b } from '../engine/b';\nexport const a = b;\n",
      'src/engine/b.ts': "import type { Row } from './sql/row';\nexport const b: Row | 1 = 1;\n",
      'src/engine/sql/row.ts': 'export type Row = { id: number };\n',
      'src/popup/View.tsx': "import { c } from '../background/c';\nexport const View = () => <p>{c}</p>;\n",
      'src/background/c.ts': 'export const c = 1;\nexport type C = 1;\n',
      'src/content/d.ts': "import type { C } from '../background/c';\nexport const d: C = 1;\n",
      'src/payer/e.ts': "import { keccak256 } from 'react';\nexport const e = keccak256;\n",
    });
    const found = (await violations(dir)).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^protocol-imports-only-.*: src\/protocol\/a\.ts → src\/engine\/b\.ts$/),
        expect.stringMatching(/^engine-not-engine\/sql: src\/engine\/b\.ts → src\/engine\/sql\/row\.ts$/),
        expect.stringMatching(/^payer-npm-only-.*: src\/payer\/e\.ts → .*node_modules\/react\//),
        expect.stringMatching(/^popup-imports-only-.*: src\/popup\/View\.tsx → src\/background\/c\.ts$/),
        expect.stringMatching(/^content-imports-only-.*: src\/content\/d\.ts → src\/background\/c\.ts$/),
      ]),
    );
  });
});
