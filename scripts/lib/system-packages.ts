import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A program the test command needs from Debian's packages, and how to tell it is there. */
export interface SystemRequirement {
  /** What it is for, in the one line printed when it is missing. */
  purpose: string;
  /** Debian package that provides it. */
  debianPackage: string;
  /** True when the program is usable as the machine stands. */
  present: () => boolean;
}

export function onPath(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function canInstallWithApt(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

let aptUpdated = false;

/**
 * Makes the requirements present: when missing and the command runs as root with apt, it installs
 * them (one `apt-get update` first); otherwise it returns the one line saying what to install.
 */
export function ensureSystemPackages(requirements: SystemRequirement[]): string | undefined {
  const missing = requirements.filter((requirement) => !requirement.present());
  if (missing.length === 0) return undefined;
  const packages = missing.map((requirement) => requirement.debianPackage);
  if (canInstallWithApt()) {
    console.log(`installing ${packages.join(', ')} with apt-get (needed for ${missing.map((r) => r.purpose).join('; ')})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      if (!aptUpdated) execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      aptUpdated = true;
      execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
    } catch {
      // reported below as still missing
    }
  }
  const still = missing.filter((requirement) => !requirement.present());
  if (still.length === 0) return undefined;
  return `missing: ${still.map((r) => `${r.purpose} needs Debian's ${r.debianPackage} (apt-get install ${r.debianPackage})`).join('; ')}`;
}
