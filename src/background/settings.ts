import { WalletError } from './errors';
import type { StorageArea } from './platform';

export const SETTINGS_KEY = 'settings';
export const DEFAULT_AUTO_LOCK_MINUTES = 15;
export const MAX_AUTO_LOCK_MINUTES = 24 * 60;

export interface Settings {
  /** Global pause: nothing is signed while set. */
  paused: boolean;
  autoLockMinutes: number;
}

const DEFAULTS: Settings = { paused: false, autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES };

/** User preferences in storage.local, so they outlive the worker and the browser session. */
export class SettingsStore {
  constructor(private readonly local: StorageArea) {}

  async get(): Promise<Settings> {
    const stored = (await this.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<Settings> | undefined;
    return { ...DEFAULTS, ...stored };
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.local.set({ [SETTINGS_KEY]: { ...(await this.get()), paused } });
  }

  async setAutoLockMinutes(minutes: number): Promise<void> {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_AUTO_LOCK_MINUTES) {
      throw new WalletError('bad_input', `auto-lock takes a whole number of minutes from 1 to ${MAX_AUTO_LOCK_MINUTES}`);
    }
    await this.local.set({ [SETTINGS_KEY]: { ...(await this.get()), autoLockMinutes: minutes } });
  }
}
