import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadNativeSecp256k1, nativeFromBindings, type NativeSecp256k1 } from './native-secp256k1';

/**
 * The native recovery for tests: the installed optional package, or (SECP256K1_PACKAGE_DIR) the
 * unpacked registry tarball of `secp256k1`, to run the native suites before it is installed.
 * `why` says what was missing when neither loads.
 */
function load(): { native: NativeSecp256k1 | undefined; why: string } {
  const installed = loadNativeSecp256k1();
  if (installed) return { native: installed, why: '' };
  const dir = process.env.SECP256K1_PACKAGE_DIR;
  if (!dir) return { native: undefined, why: 'the optional package secp256k1 is not installed (or VOUCHER_NATIVE_SECP256K1=0); SECP256K1_PACKAGE_DIR unset' };
  const binary = join(dir, 'prebuilds', `${process.platform}-${process.arch}`, process.platform === 'linux' ? 'secp256k1.glibc.node' : 'secp256k1.node');
  if (!existsSync(binary)) return { native: undefined, why: `no prebuilt binary at ${binary}` };
  const require = createRequire(import.meta.url);
  const addon = require(binary) as { Secp256k1: new () => unknown };
  const bindings = (require(join(dir, 'lib', 'index.js')) as (addon: unknown) => Parameters<typeof nativeFromBindings>[0])(new addon.Secp256k1());
  return { native: nativeFromBindings(bindings), why: '' };
}

export const nativeForTests = load();
