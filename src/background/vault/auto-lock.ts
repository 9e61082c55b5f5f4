import type { Platform } from '../platform';
import type { SettingsStore } from '../settings';
import type { Vault } from './vault';

export const LOCK_DEADLINE_KEY = 'lock.deadline';
export const AUTO_LOCK_ALARM = 'auto-lock';

/**
 * Idle auto-lock as an absolute deadline in storage.session. A worker may sleep through the
 * deadline, so it is checked on every wake and message as well as by the alarm (which Chrome
 * may fire late, never early enough to matter).
 */
export class AutoLock {
  constructor(
    private readonly platform: Platform,
    private readonly vault: Vault,
    private readonly settings: SettingsStore,
    /** Runs after every lock: the worker's header rules must go (src/background/header-refresh.ts). */
    private readonly onLocked: () => Promise<void> = async () => undefined,
  ) {}

  async deadline(): Promise<number | undefined> {
    const value = (await this.platform.session.get(LOCK_DEADLINE_KEY))[LOCK_DEADLINE_KEY];
    return typeof value === 'number' ? value : undefined;
  }

  /** Locks when the deadline has passed. Returns true when it locked. */
  async enforce(): Promise<boolean> {
    const deadline = await this.deadline();
    if (deadline === undefined || this.platform.now() < deadline) return false;
    await this.lockNow();
    return true;
  }

  /**
   * The user's activity (an action in the popup or the approval window) pushes the deadline,
   * while unlocked. Page requests and the signatures they cause never do: a page that keeps
   * paying would otherwise keep the wallet unlocked forever.
   */
  async touch(): Promise<void> {
    if ((await this.vault.state()) !== 'unlocked') return;
    const { autoLockMinutes } = await this.settings.get();
    const deadline = this.platform.now() + autoLockMinutes * 60_000;
    await this.platform.session.set({ [LOCK_DEADLINE_KEY]: deadline });
    await this.platform.alarms.create(AUTO_LOCK_ALARM, { when: deadline });
  }

  async lockNow(): Promise<void> {
    await this.vault.lock();
    await this.platform.session.remove(LOCK_DEADLINE_KEY);
    await this.platform.alarms.clear(AUTO_LOCK_ALARM);
    await this.onLocked();
  }
}
