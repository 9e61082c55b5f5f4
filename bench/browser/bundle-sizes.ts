import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchRow } from '../types';

/**
 * Gzip sizes of what the built extension (dist/) loads, found through its manifest: the worker
 * (its loader and every chunk that loader imports), the popup page (its scripts and styles),
 * and each content script.
 */
const gzipBytes = (text: Buffer) => gzipSync(text, { level: 9 }).byteLength;

async function moduleGraph(dist: string, entry: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = await readFile(join(dist, entry), 'utf8');
  const dir = entry.includes('/') ? entry.slice(0, entry.lastIndexOf('/') + 1) : '';
  for (const match of source.matchAll(/(?:import|from)\s*\(?\s*["']([^"']+\.js)["']/g)) {
    const spec = match[1]!;
    const path = spec.startsWith('/') ? spec.slice(1) : new URL(spec, `file:///${dir}`).pathname.slice(1);
    await moduleGraph(dist, path, seen);
  }
  return seen;
}

async function sizeOf(dist: string, files: Iterable<string>): Promise<number> {
  let total = 0;
  for (const file of files) total += gzipBytes(await readFile(join(dist, file)));
  return total;
}

const kb = (bytes: number) => bytes / 1024;
const fixed = (name: string, value: number): BenchRow => ({ name, unit: 'KB gzip', median: kb(value), runs: 1 });

export async function bundleSizes(dist = 'dist'): Promise<BenchRow[]> {
  const manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as {
    background: { service_worker: string };
    action: { default_popup: string };
    content_scripts: { js: string[]; world?: string }[];
  };
  const rows: BenchRow[] = [];
  rows.push(fixed('bundle: service worker', await sizeOf(dist, await moduleGraph(dist, manifest.background.service_worker))));
  const popupHtml = await readFile(join(dist, manifest.action.default_popup), 'utf8');
  const popupFiles = new Set<string>();
  for (const match of popupHtml.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) {
    const file = match[1]!;
    if (file.endsWith('.js')) for (const each of await moduleGraph(dist, file)) popupFiles.add(each);
    else popupFiles.add(file);
  }
  rows.push(fixed('bundle: popup (scripts + styles)', await sizeOf(dist, popupFiles)));
  for (const script of manifest.content_scripts) {
    for (const file of script.js) {
      rows.push(fixed(`bundle: content script ${file.split('/').pop()} (${script.world ?? 'ISOLATED'} world)`, await sizeOf(dist, [file])));
    }
  }
  await readdir(dist); // dist exists: a missing build fails above with its path
  return rows;
}
