import * as passworder from '@metamask/browser-passworder';
import { getAddress, type Address, type Hex, type LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { WalletError } from '../errors';
import type { StorageArea } from '../platform';
import { confirmPositions, newRecoveryPhrase, parseRecoveryPhrase, privateKeyFromPhrase, wordsMatch } from './recovery-phrase';

export const VAULT_KEY = 'vault';
/** The derived AES key (JWK) while unlocked; never the password. */
export const SESSION_KEY = 'vault.sessionKey';
/** A created wallet waiting for its phrase to be confirmed (storage.session: gone with the browser session). */
export const PENDING_KEY = 'vault.pending';
export const MIN_PASSWORD_LENGTH = 8;
export const PBKDF2_ITERATIONS = 900_000;

interface StoredVault {
  version: 1;
  /** Public, kept in clear so a locked wallet can still name its vendors. */
  address: Address;
  /** browser-passworder's JSON: AES-GCM-256 ciphertext, iv, salt, PBKDF2 parameters. */
  encrypted: string;
}

/** What the ciphertext holds: the key, and the phrase it was derived from when there is one. */
interface Secret {
  privateKey: Hex;
  phrase?: string;
}

/** Encrypted like a saved vault, with its derived key, so confirming needs no password. */
interface PendingCreation {
  address: Address;
  encrypted: string;
  sessionKey: string;
  /** 0-based positions of the words the user must type back. */
  confirm: number[];
}

export interface NewWallet {
  address: Address;
  phrase: string;
  confirm: number[];
}

export interface ExportedSecret {
  privateKey: Hex;
  phrase?: string;
}

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

/**
 * The private key (and its recovery phrase, when it has one), encrypted at rest with the user's
 * password. While unlocked only the derived key sits in storage.session (trusted contexts only)
 * so a restarted worker can still sign; locking removes it. The decrypted account is cached per
 * derived key: a cache, rebuilt on demand.
 *
 * Creating is two steps: `beginCreate` makes the key from a new phrase and hands the phrase out
 * once; only `confirmCreate`, given the words at the asked positions, saves the wallet. Until
 * then nothing is in storage.local and the wallet cannot sign.
 */
export class Vault {
  private cached?: { sessionKey: string; account: LocalAccount };

  constructor(
    private readonly local: StorageArea,
    private readonly session: StorageArea,
    private readonly iterations = PBKDF2_ITERATIONS,
  ) {}

  async state(): Promise<VaultState> {
    const vault = await this.stored();
    if (!vault) return 'uninitialized';
    return (await this.sessionKey()) ? 'unlocked' : 'locked';
  }

  async address(): Promise<Address | undefined> {
    return (await this.stored())?.address;
  }

  /** A new key from a new phrase, kept pending in storage.session; a second call replaces the first. */
  async beginCreate(password: string): Promise<NewWallet> {
    checkPassword(password);
    if (await this.stored()) throw new WalletError('wallet_exists', 'a wallet already exists');
    const phrase = newRecoveryPhrase();
    const { address, encrypted, sessionKey } = await this.encrypt({ privateKey: privateKeyFromPhrase(phrase), phrase }, password);
    const confirm = confirmPositions(phrase.split(' ').length);
    const pending: PendingCreation = { address, encrypted, sessionKey, confirm };
    await this.session.set({ [PENDING_KEY]: pending });
    return { address, phrase, confirm };
  }

  /**
   * The creation waiting for its phrase, phrase included, so an onboarding closed while the user
   * writes the words down (a toolbar popup closes when it loses focus) resumes with the same
   * phrase rather than a new one. It lives in storage.session only and is gone once confirmed.
   */
  async pendingCreation(): Promise<NewWallet | undefined> {
    const pending = (await this.session.get(PENDING_KEY))[PENDING_KEY] as PendingCreation | undefined;
    if (!pending || (await this.stored())) return undefined;
    const secret = await passworder.decryptWithKey<Secret>(await passworder.importKey(pending.sessionKey), JSON.parse(pending.encrypted));
    return secret.phrase ? { address: pending.address, phrase: secret.phrase, confirm: pending.confirm } : undefined;
  }

  /**
   * Saves the pending wallet (and unlocks it) when `words` are its phrase's words at the asked
   * positions. `address` names the creation the user saw: one replaced meanwhile (a second
   * onboarding in another tab) is not confirmed with the other's words.
   */
  async confirmCreate(address: Address, words: readonly string[]): Promise<Address> {
    const pending = (await this.session.get(PENDING_KEY))[PENDING_KEY] as PendingCreation | undefined;
    if (!pending || pending.address !== address) {
      throw new WalletError('no_pending_wallet', 'no wallet is waiting for this phrase: create one again');
    }
    if (await this.stored()) throw new WalletError('wallet_exists', 'a wallet already exists');
    const secret = await passworder.decryptWithKey<Secret>(await passworder.importKey(pending.sessionKey), JSON.parse(pending.encrypted));
    if (!secret.phrase || !wordsMatch(secret.phrase, pending.confirm, words)) {
      throw new WalletError('phrase_mismatch', 'those are not the words of the phrase at the asked positions');
    }
    await this.commit({ version: 1, address: pending.address, encrypted: pending.encrypted }, pending.sessionKey);
    return pending.address;
  }

  async importPrivateKey(privateKey: string, password: string): Promise<Address> {
    return this.save({ privateKey: parsePrivateKey(privateKey) }, password);
  }

  /** Derives the key at m/44'/60'/0'/0/0 and keeps the phrase, so it can be shown again. */
  async importPhrase(phrase: string, password: string): Promise<Address> {
    const words = parseRecoveryPhrase(phrase);
    return this.save({ privateKey: privateKeyFromPhrase(words), phrase: words }, password);
  }

  async unlock(password: string): Promise<Address> {
    const vault = await this.required();
    let result: passworder.DetailedDecryptResult;
    try {
      result = await passworder.decryptWithDetail(password, vault.encrypted);
    } catch {
      throw new WalletError('wrong_password', 'the password is wrong');
    }
    await this.session.set({ [SESSION_KEY]: result.exportedKeyString });
    return vault.address;
  }

  async lock(): Promise<void> {
    this.cached = undefined;
    await this.session.remove(SESSION_KEY);
  }

  /** Asks for the password again even while unlocked, so an open popup alone cannot leak the key or phrase. */
  async exportSecret(password: string): Promise<ExportedSecret> {
    const vault = await this.required();
    let secret: Secret;
    try {
      secret = (await passworder.decrypt(password, vault.encrypted)) as Secret;
    } catch {
      throw new WalletError('wrong_password', 'the password is wrong');
    }
    return secret.phrase ? { privateKey: secret.privateKey, phrase: secret.phrase } : { privateKey: secret.privateKey };
  }

  /** The signing account, or a `wallet_locked` error. */
  async account(): Promise<LocalAccount> {
    const vault = await this.required();
    const sessionKey = await this.sessionKey();
    if (!sessionKey) throw new WalletError('wallet_locked', 'the wallet is locked');
    if (this.cached?.sessionKey === sessionKey) return this.cached.account;
    const key = await passworder.importKey(sessionKey);
    const secret = await passworder.decryptWithKey<Secret>(key, JSON.parse(vault.encrypted));
    const account = privateKeyToAccount(secret.privateKey);
    this.cached = { sessionKey, account };
    return account;
  }

  private async save(secret: Secret, password: string): Promise<Address> {
    checkPassword(password);
    if (await this.stored()) throw new WalletError('wallet_exists', 'a wallet already exists');
    const { address, encrypted, sessionKey } = await this.encrypt(secret, password);
    await this.commit({ version: 1, address, encrypted }, sessionKey);
    return address;
  }

  private async encrypt(secret: Secret, password: string): Promise<{ address: Address; encrypted: string; sessionKey: string }> {
    const address = getAddress(privateKeyToAccount(secret.privateKey).address);
    const { vault, exportedKeyString } = await passworder.encryptWithDetail<Secret>(password, secret, undefined, {
      algorithm: 'PBKDF2',
      params: { iterations: this.iterations },
    });
    return { address, encrypted: vault, sessionKey: exportedKeyString };
  }

  /** The wallet exists from here on, unlocked; a creation still pending is void. */
  private async commit(stored: StoredVault, sessionKey: string): Promise<void> {
    await this.local.set({ [VAULT_KEY]: stored });
    await this.session.set({ [SESSION_KEY]: sessionKey });
    await this.session.remove(PENDING_KEY);
  }

  private async stored(): Promise<StoredVault | undefined> {
    return (await this.local.get(VAULT_KEY))[VAULT_KEY] as StoredVault | undefined;
  }

  private async required(): Promise<StoredVault> {
    const vault = await this.stored();
    if (!vault) throw new WalletError('wallet_uninitialized', 'no wallet yet: create or import one');
    return vault;
  }

  private async sessionKey(): Promise<string | undefined> {
    const value = (await this.session.get(SESSION_KEY))[SESSION_KEY];
    return typeof value === 'string' ? value : undefined;
  }
}

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new WalletError('weak_password', `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

/** 32 bytes of hex, optionally 0x-prefixed, and a valid secp256k1 scalar. */
export function parsePrivateKey(text: string): Hex {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const hex = (trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new WalletError('invalid_private_key', 'a private key is 32 bytes written as 64 hex digits');
  }
  const key = `0x${hex}` as Hex;
  try {
    privateKeyToAccount(key);
  } catch {
    throw new WalletError('invalid_private_key', 'not a valid secp256k1 private key');
  }
  return key;
}
