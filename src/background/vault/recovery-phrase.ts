import { bytesToHex, sha256, type Hex } from 'viem';
import { english, generateMnemonic, mnemonicToAccount } from 'viem/accounts';
import { WalletError } from '../errors';

/** BIP-39 phrase lengths: 128 to 256 bits of entropy in steps of 32, 11 bits a word. */
export const PHRASE_WORD_COUNTS = [12, 15, 18, 21, 24] as const;
/** How many of the phrase's words the user types back before a new wallet is saved. */
export const CONFIRM_WORD_COUNT = 3;
const MAX_PHRASE_CHARS = 1_000;

const WORD_INDEX: ReadonlyMap<string, number> = new Map(english.map((word, index) => [word, index]));

/** A new 12-word phrase (128 bits) from the English list. */
export function newRecoveryPhrase(): string {
  return generateMnemonic(english);
}

/**
 * The phrase as the vault keeps it (lower case, single spaces), or a typed error naming what is
 * wrong: the word count, a word outside the English list (by its position), or the checksum (a
 * mistyped or swapped word that is still a list word). Only English is accepted, as most wallets do.
 */
export function parseRecoveryPhrase(text: string): string {
  if (typeof text !== 'string' || text.length > MAX_PHRASE_CHARS) {
    throw new WalletError('invalid_phrase_length', 'a recovery phrase is 12, 15, 18, 21 or 24 words');
  }
  const words = text.normalize('NFKD').trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!(PHRASE_WORD_COUNTS as readonly number[]).includes(words.length)) {
    throw new WalletError('invalid_phrase_length', `a recovery phrase is 12, 15, 18, 21 or 24 words, not ${words.length}`);
  }
  const indices = words.map((word, position) => {
    const index = WORD_INDEX.get(word);
    if (index === undefined) throw new WalletError('invalid_phrase_word', `word ${position + 1} is not in the BIP-39 English word list`);
    return index;
  });
  // 11 bits a word: the entropy, then its checksum (the first ENT/32 bits of its SHA-256).
  const bits = indices.map((index) => index.toString(2).padStart(11, '0')).join('');
  const checksumBits = bits.length / 33;
  const entropyBits = bits.slice(0, bits.length - checksumBits);
  const entropy = new Uint8Array(entropyBits.length / 8);
  for (let i = 0; i < entropy.length; i++) entropy[i] = parseInt(entropyBits.slice(i * 8, i * 8 + 8), 2);
  const hash = sha256(entropy, 'bytes');
  const expected = Array.from(hash.slice(0, 1 + Math.floor(checksumBits / 8)), (byte) => byte.toString(2).padStart(8, '0'))
    .join('')
    .slice(0, checksumBits);
  if (expected !== bits.slice(-checksumBits)) {
    throw new WalletError('invalid_phrase_checksum', 'the phrase does not add up (its checksum is wrong): a word is mistyped or out of order');
  }
  return words.join(' ');
}

/** The account key at m/44'/60'/0'/0/0, the path every Ethereum wallet uses for a phrase's first account. */
export function privateKeyFromPhrase(phrase: string): Hex {
  const key = mnemonicToAccount(phrase).getHdKey().privateKey;
  if (!key) throw new WalletError('internal', 'the phrase derived no private key');
  return bytesToHex(key);
}

/** Distinct word positions (0-based, ascending) the user confirms; uniformly random. */
export function confirmPositions(wordCount: number, count = CONFIRM_WORD_COUNT): number[] {
  const chosen = new Set<number>();
  const random = new Uint32Array(1);
  while (chosen.size < Math.min(count, wordCount)) {
    crypto.getRandomValues(random);
    // Rejection sampling keeps every position equally likely.
    const limit = Math.floor(0x1_0000_0000 / wordCount) * wordCount;
    if (random[0]! < limit) chosen.add(random[0]! % wordCount);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** Whether the typed words are the phrase's words at `positions` (case and spaces aside). */
export function wordsMatch(phrase: string, positions: readonly number[], typed: readonly string[]): boolean {
  const words = phrase.split(' ');
  return typed.length === positions.length && positions.every((position, i) => words[position] === typed[i]?.trim().toLowerCase());
}
