import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Flags that keep Chromium quiet on a machine without outside network. */
export const CHROMIUM_QUIET_FLAGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/**
 * The Chromium binary to drive: CHROMIUM_PATH when set, else the first of the usual names
 * on PATH. Playwright's own browser download is not used (it cannot be fetched here).
 */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next name
    }
  }
  throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH');
}

/** Launch arguments that load one unpacked extension. */
export function extensionArgs(extensionDir: string): string[] {
  return [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...CHROMIUM_QUIET_FLAGS];
}
