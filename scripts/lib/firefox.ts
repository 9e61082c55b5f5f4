import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * The Firefox binary to drive: FIREFOX_PATH when set, else the first of the usual names on PATH
 * (Debian's firefox-esr first). Puppeteer's own browser download is not used.
 */
export function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const name of ['firefox-esr', 'firefox']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next name
    }
  }
  throw new Error('No Firefox found: install it (apt-get install firefox-esr) or set FIREFOX_PATH');
}
