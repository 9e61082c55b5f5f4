import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What an API developer and an API client do: `npm pack` this package, install the tarball into
 * a scratch project with Express and Hono from the registry, run the README's apps (the files
 * in examples/, which the README quotes) and pay each through the Node payer.
 */
const run = promisify(execFile);
const ROOT = resolve('.');
const EXAMPLES = ['paywall.mjs', 'express-app.mjs', 'hono-app.mjs', 'pay-from-node.mjs'];
const children = new Set<ChildProcess>();
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'voucher-wallet-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  const paths = packed!.files.map((file) => file.path);
  expect(paths.filter((path) => !path.startsWith('lib/') && path !== 'package.json' && path !== 'README.md')).toEqual([]);
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-api', private: true, type: 'module' }));
  for (const example of EXAMPLES) await copyFile(join(ROOT, 'examples', example), join(scratch, example));
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', join(scratch, packed!.filename), 'express@^5.3.0', 'hono@^4.13.19', '@hono/node-server@^2.1.9'],
    { cwd: scratch, maxBuffer: 16 * 1024 * 1024 },
  );
}, 240_000);

afterAll(async () => {
  for (const child of children) child.kill();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Starts an example app on a free loopback port; resolves its URL from the line it prints. */
async function startApp(file: string): Promise<string> {
  const child = spawn(process.execPath, [file], { cwd: scratch, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolveUrl, reject) => {
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match) resolveUrl(match[1]!);
    });
  });
}

describe('the packed library in a scratch project', () => {
  it('is what the README quotes: every example file appears in it verbatim', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    for (const example of EXAMPLES) {
      const text = await readFile(join(ROOT, 'examples', example), 'utf8');
      expect(readme, `README quotes examples/${example}`).toContain(`\`\`\`js\n// examples/${example}\n${text}\`\`\``);
    }
  });

  for (const app of ['express-app.mjs', 'hono-app.mjs']) {
    it(`${app}: answers 402 without a voucher and 200 with a charged receipt through the Node payer`, async () => {
      const url = await startApp(app);
      const unpaid = await fetch(`${url}/api/echo?q=hello`);
      expect(unpaid.status).toBe(402);
      expect(unpaid.headers.get('x-voucher-required')).toBe('v1');
      const { stdout } = await run(process.execPath, ['pay-from-node.mjs'], { cwd: scratch, env: { ...process.env, VENDOR_URL: url } });
      const paid = JSON.parse(stdout.trim().split('\n').at(-1)!) as { status: number; data: { echo: string }; cost: string };
      expect(paid.status).toBe(200);
      expect(paid.data).toEqual({ echo: 'hello' });
      expect(BigInt(paid.cost)).toBeGreaterThan(0n);
    });
  }
});
