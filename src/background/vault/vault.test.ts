import { describe, expect, it } from 'vitest';
import { privateKeyToAccount } from 'viem/accounts';
import { fakePlatform } from '../testing/fake-platform';
import { PBKDF2_ITERATIONS, PENDING_KEY, SESSION_KEY, VAULT_KEY, Vault, parsePrivateKey } from './vault';

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ADDRESS = privateKeyToAccount(KEY).address;

const PHRASE = 'test test test test test test test test test test test junk';
const PHRASE_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

/** Creates through both steps, typing back the asked words. */
async function create(vault: Vault, password: string) {
  const created = await vault.beginCreate(password);
  const words = created.phrase.split(' ');
  return { ...created, address: await vault.confirmCreate(created.address, created.confirm.map((position) => words[position]!)) };
}

function setup(iterations = 1_000) {
  const platform = fakePlatform();
  return { platform, vault: new Vault(platform.local, platform.session, iterations) };
}

describe('Vault', () => {
  it('encrypts with PBKDF2 900k and AES-GCM by default, never storing the key or password in clear', async () => {
    const { platform, vault } = setup(PBKDF2_ITERATIONS);
    await vault.importPrivateKey(KEY, 'correct horse');
    const stored = platform.local.data.get(VAULT_KEY)!;
    expect(stored).not.toContain(KEY.slice(2));
    expect(stored).not.toContain('correct horse');
    const encrypted = JSON.parse(JSON.parse(stored).encrypted);
    expect(encrypted.keyMetadata).toEqual({ algorithm: 'PBKDF2', params: { iterations: 900_000 } });
    const session = platform.session.data.get(SESSION_KEY)!;
    expect(session).not.toContain('correct horse');
    expect(JSON.parse(JSON.parse(session)).key.alg).toBe('A256GCM');
  });

  it('create → locked → unlock round trip signs with the same address', async () => {
    const { vault } = setup();
    expect(await vault.state()).toBe('uninitialized');
    const { address } = await create(vault, 'password1');
    expect(await vault.state()).toBe('unlocked');
    expect((await vault.account()).address).toBe(address);
    await vault.lock();
    expect(await vault.state()).toBe('locked');
    await expect(vault.account()).rejects.toMatchObject({ code: 'wallet_locked' });
    await expect(vault.unlock('password2')).rejects.toMatchObject({ code: 'wrong_password' });
    expect(await vault.unlock('password1')).toBe(address);
    expect((await vault.account()).address).toBe(address);
  });

  it('a restarted worker signs from storage.session alone; a browser restart locks', async () => {
    const { platform, vault } = setup();
    await vault.importPrivateKey(KEY, 'password1');
    const revived = platform.restart();
    expect((await new Vault(revived.local, revived.session).account()).address).toBe(ADDRESS);
    const rebooted = platform.restartBrowser();
    expect(await new Vault(rebooted.local, rebooted.session).state()).toBe('locked');
  });

  it('exportSecret needs the password again', async () => {
    const { vault } = setup();
    await vault.importPrivateKey(KEY, 'password1');
    await expect(vault.exportSecret('nope-nope')).rejects.toMatchObject({ code: 'wrong_password' });
    expect(await vault.exportSecret('password1')).toEqual({ privateKey: KEY });
  });

  it('a new wallet is not saved until its phrase is confirmed; the phrase is encrypted at rest with the key', async () => {
    const { platform, vault } = setup();
    const created = await vault.beginCreate('password1');
    expect(created.phrase.split(' ')).toHaveLength(12);
    expect(created.confirm).toHaveLength(3);
    // Pending: nothing in storage.local, not usable, no phrase in clear anywhere.
    expect(await vault.state()).toBe('uninitialized');
    expect(platform.local.data.has(VAULT_KEY)).toBe(false);
    await expect(vault.account()).rejects.toMatchObject({ code: 'wallet_uninitialized' });
    for (const word of new Set(created.phrase.split(' '))) expect(platform.session.data.get(PENDING_KEY)).not.toMatch(new RegExp(`\\b${word}\\b`));

    const words = created.phrase.split(' ');
    const wrong = created.confirm.map((position, i) => (i === 1 ? (words[position] === 'zoo' ? 'abandon' : 'zoo') : words[position]!));
    await expect(vault.confirmCreate(created.address, wrong)).rejects.toMatchObject({ code: 'phrase_mismatch' });
    await expect(vault.confirmCreate(created.address, created.confirm.slice(1).map((position) => words[position]!))).rejects.toMatchObject({ code: 'phrase_mismatch' });
    expect(await vault.state()).toBe('uninitialized');

    const address = await vault.confirmCreate(created.address, created.confirm.map((position) => ` ${words[position]!.toUpperCase()} `));
    expect(address).toBe(created.address);
    expect(await vault.state()).toBe('unlocked');
    expect((await vault.account()).address).toBe(address);
    expect(platform.session.data.has(PENDING_KEY)).toBe(false);
    const stored = platform.local.data.get(VAULT_KEY)!;
    for (const word of new Set(words)) expect(stored).not.toMatch(new RegExp(`\\b${word}\\b`));
    // The phrase comes back only with the password, and it is the one the key was derived from.
    expect((await vault.exportSecret('password1')).phrase).toBe(created.phrase);
    await vault.lock();
    expect(await vault.unlock('password1')).toBe(address);
    await expect(vault.confirmCreate(created.address, created.confirm.map((position) => words[position]!))).rejects.toMatchObject({ code: 'no_pending_wallet' });
  });

  it('a creation left open resumes with the same phrase and positions, until it is confirmed', async () => {
    const { vault } = setup();
    expect(await vault.pendingCreation()).toBeUndefined();
    const created = await vault.beginCreate('password1');
    // A new worker (the popup closed and reopened) finds the same creation.
    expect(await vault.pendingCreation()).toEqual(created);
    const words = created.phrase.split(' ');
    await vault.confirmCreate(created.address, created.confirm.map((position) => words[position]!));
    expect(await vault.pendingCreation()).toBeUndefined();
  });

  it('a pending creation is gone with the browser session, and a second one replaces the first', async () => {
    const { platform, vault } = setup();
    const first = await vault.beginCreate('password1');
    const second = await vault.beginCreate('password1');
    expect(second.phrase).not.toBe(first.phrase);
    const words = first.phrase.split(' ');
    // The first creation's words confirm nothing: it was replaced.
    await expect(vault.confirmCreate(first.address, first.confirm.map((position) => words[position]!))).rejects.toMatchObject({ code: 'no_pending_wallet' });
    const rebooted = platform.restartBrowser();
    const fresh = new Vault(rebooted.local, rebooted.session, 1_000);
    const secondWords = second.phrase.split(' ');
    await expect(fresh.confirmCreate(second.address, second.confirm.map((position) => secondWords[position]!))).rejects.toMatchObject({ code: 'no_pending_wallet' });
    expect(await fresh.state()).toBe('uninitialized');
  });

  it('imports a phrase (m/44\'/60\'/0\'/0/0) and shows it again on export; typed errors for bad phrases', async () => {
    const { vault } = setup();
    await expect(vault.importPhrase('test test test', 'password1')).rejects.toMatchObject({ code: 'invalid_phrase_length' });
    await expect(vault.importPhrase(PHRASE.replace('junk', 'junkk'), 'password1')).rejects.toMatchObject({ code: 'invalid_phrase_word' });
    await expect(vault.importPhrase(PHRASE.replace('junk', 'test'), 'password1')).rejects.toMatchObject({ code: 'invalid_phrase_checksum' });
    await expect(vault.importPhrase(PHRASE, 'short')).rejects.toMatchObject({ code: 'weak_password' });
    expect(await vault.state()).toBe('uninitialized');
    expect(await vault.importPhrase(` ${PHRASE.toUpperCase()} `, 'password1')).toBe(PHRASE_ADDRESS);
    expect((await vault.account()).address).toBe(PHRASE_ADDRESS);
    expect(await vault.exportSecret('password1')).toEqual({ privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', phrase: PHRASE });
    await expect(vault.beginCreate('password1')).rejects.toMatchObject({ code: 'wallet_exists' });
    await expect(vault.importPhrase(PHRASE, 'password1')).rejects.toMatchObject({ code: 'wallet_exists' });
  });

  it('refuses weak passwords, a second wallet and a missing wallet with typed codes', async () => {
    const { vault } = setup();
    await expect(vault.beginCreate('short')).rejects.toMatchObject({ code: 'weak_password' });
    await expect(vault.unlock('password1')).rejects.toMatchObject({ code: 'wallet_uninitialized' });
    await create(vault, 'password1');
    await expect(vault.importPrivateKey(KEY, 'password1')).rejects.toMatchObject({ code: 'wallet_exists' });
  });

  it('validates imported keys', () => {
    expect(parsePrivateKey(KEY.slice(2).toUpperCase())).toBe(KEY);
    expect(parsePrivateKey(` ${KEY} `)).toBe(KEY);
    for (const bad of ['', '0x1234', `${KEY}00`, `0x${'g'.repeat(64)}`, `0x${'0'.repeat(64)}`, `0x${'f'.repeat(64)}`]) {
      expect(() => parsePrivateKey(bad), bad).toThrow(expect.objectContaining({ code: 'invalid_private_key' }));
    }
  });
});
