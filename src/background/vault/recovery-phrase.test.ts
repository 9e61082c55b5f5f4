import { describe, expect, it } from 'vitest';
import { english, mnemonicToAccount } from 'viem/accounts';
import { privateKeyToAccount } from 'viem/accounts';
import { confirmPositions, newRecoveryPhrase, parseRecoveryPhrase, privateKeyFromPhrase, wordsMatch } from './recovery-phrase';

// Anvil's default phrase: its first account (m/44'/60'/0'/0/0) is the well-known 0xf39F… key.
const ANVIL = 'test test test test test test test test test test test junk';
const ANVIL_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
// BIP-39's own test vectors (English, entropy 00…00 and 7f…7f).
const VECTOR_12 = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const VECTOR_24 =
  'legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title';

describe('parseRecoveryPhrase', () => {
  it('accepts valid phrases of every length, normalising case and spaces', () => {
    expect(parseRecoveryPhrase(VECTOR_12)).toBe(VECTOR_12);
    expect(parseRecoveryPhrase(VECTOR_24)).toBe(VECTOR_24);
    expect(parseRecoveryPhrase(`  ${ANVIL.toUpperCase().replaceAll(' ', ' \n\t ')}  `)).toBe(ANVIL);
    for (let i = 0; i < 20; i++) {
      const phrase = newRecoveryPhrase();
      expect(parseRecoveryPhrase(phrase)).toBe(phrase);
    }
  });

  it('names a wrong word count', () => {
    for (const bad of ['', 'abandon', VECTOR_12.split(' ').slice(0, 11).join(' '), `${VECTOR_12} abandon`, 'x'.repeat(2_000)]) {
      expect(() => parseRecoveryPhrase(bad), bad).toThrow(expect.objectContaining({ code: 'invalid_phrase_length' }));
    }
  });

  it('names a word outside the English list by its position', () => {
    const words = VECTOR_12.split(' ');
    words[4] = 'abandonn';
    expect(() => parseRecoveryPhrase(words.join(' '))).toThrow(
      expect.objectContaining({ code: 'invalid_phrase_word', message: expect.stringContaining('word 5') }),
    );
  });

  it('refuses a list word in the wrong place (checksum)', () => {
    expect(() => parseRecoveryPhrase(VECTOR_12.replace(/about$/, 'abandon'))).toThrow(
      expect.objectContaining({ code: 'invalid_phrase_checksum' }),
    );
    // Swapping two different words of a valid phrase almost always breaks the 4-bit checksum; this pair does.
    expect(() => parseRecoveryPhrase(VECTOR_24.replace(/worth title$/, 'title worth'))).toThrow(
      expect.objectContaining({ code: 'invalid_phrase_checksum' }),
    );
  });
});

describe('privateKeyFromPhrase', () => {
  it("derives m/44'/60'/0'/0/0, the key every Ethereum wallet derives from the same phrase", () => {
    expect(privateKeyFromPhrase(ANVIL)).toBe(ANVIL_KEY);
    const phrase = newRecoveryPhrase();
    expect(privateKeyToAccount(privateKeyFromPhrase(phrase)).address).toBe(mnemonicToAccount(phrase).address);
  });
});

describe('new phrases and their confirmation', () => {
  it('makes 12 English words', () => {
    const words = newRecoveryPhrase().split(' ');
    expect(words).toHaveLength(12);
    for (const word of words) expect(english).toContain(word);
  });

  it('asks for distinct ascending positions inside the phrase, covering all of them over many draws', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const positions = confirmPositions(12);
      expect(positions).toHaveLength(3);
      expect(new Set(positions).size).toBe(3);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      for (const position of positions) {
        expect(position).toBeGreaterThanOrEqual(0);
        expect(position).toBeLessThan(12);
        seen.add(position);
      }
    }
    expect(seen.size).toBe(12);
  });

  it('matches only the right words at the right positions', () => {
    expect(wordsMatch(ANVIL, [0, 11], ['test', ' JUNK '])).toBe(true);
    expect(wordsMatch(ANVIL, [0, 11], ['junk', 'test'])).toBe(false);
    expect(wordsMatch(ANVIL, [0, 11], ['test'])).toBe(false);
    expect(wordsMatch(ANVIL, [0, 11], ['test', 'junk', 'extra'])).toBe(false);
  });
});
