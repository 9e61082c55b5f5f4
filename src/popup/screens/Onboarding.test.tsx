// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageError } from '../../messaging/reply';
import { ERROR_MESSAGES } from '../lib/error-messages';
import type { SendToWorker } from '../test/worker-mock';
import { TID } from '../testids';
import { Onboarding } from './Onboarding';

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../../messaging/popup-client', () => ({ sendToWorker }));

afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
});

/** What the form asked of the worker, leaving out the mount's look for a creation to resume. */
const asked = () => sendToWorker.mock.calls.filter(([type]) => type !== 'wallet.pendingCreation');

/** Answers the mount's look-up with "nothing to resume" and every other request with `answer`. */
function worker(answer: (type: string, input: unknown) => Promise<unknown>) {
  sendToWorker.mockImplementation(((type: string, input: unknown) =>
    type === 'wallet.pendingCreation' ? Promise.resolve({}) : answer(type, input)) as never);
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const WORDS = PHRASE.split(' ');

function fillPasswords(password: string) {
  type(TID.password, password);
  type(TID.passwordConfirm, password);
}

describe('Onboarding', () => {
  beforeEach(() =>
    worker(async (type) => {
      throw new Error(`unexpected ${type}`);
    }),
  );

  it('refuses a short password without calling the worker', async () => {
    render(<Onboarding onDone={() => {}} />);
    fireEvent.click(screen.getByTestId(TID.onboardingCreate));
    fillPasswords('short');
    expect(screen.getByTestId(TID.passwordStrength).textContent).toMatch(/at least 8/);
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/at least 8 characters/);
    expect(asked()).toEqual([]);
  });

  it('refuses mismatched passwords', async () => {
    render(<Onboarding onDone={() => {}} />);
    fireEvent.click(screen.getByTestId(TID.onboardingCreate));
    type(TID.password, 'long enough pass');
    type(TID.passwordConfirm, 'long enough pas');
    expect(screen.getByText('Does not match yet.')).toBeTruthy();
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/do not match/);
    expect(asked()).toEqual([]);
  });

  it('create: shows the phrase once, asks for the words the worker chose, and is done only when the worker accepts them', async () => {
    worker(async (type, input) => {
      if (type === 'wallet.create') return { address: ADDRESS, phrase: PHRASE, confirm: [1, 6, 11] };
      if (type === 'wallet.confirmPhrase') {
        const { words } = input as { words: string[] };
        if (words.join(' ') !== [WORDS[1], WORDS[6], WORDS[11]].join(' ')) throw new MessageError('phrase_mismatch', 'no');
        return { address: ADDRESS };
      }
      throw new Error(`unexpected ${type}`);
    });
    const onDone = vi.fn();
    render(<Onboarding onDone={onDone} />);
    fireEvent.click(screen.getByTestId(TID.onboardingCreate));
    fillPasswords('Tr0ub4dor&3xyz');
    expect(screen.getByTestId(TID.passwordStrength).textContent).toMatch(/Strong/);
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));

    const shown = await screen.findAllByTestId(TID.phraseWord);
    expect(shown.map((li) => li.textContent)).toEqual(WORDS.map((word, i) => `${i + 1}${word}`));
    const next = screen.getByTestId(TID.phraseContinue) as HTMLButtonElement;
    expect(next.disabled).toBe(true); // not before the user says the words are written down
    fireEvent.click(screen.getByTestId(TID.phraseSaved));
    fireEvent.click(next);

    const inputs = screen.getAllByTestId(TID.confirmWord);
    expect(inputs.map((input) => input.dataset.position)).toEqual(['1', '6', '11']);
    expect(screen.getByText('Word #7')).toBeTruthy();
    inputs.forEach((input, i) => fireEvent.change(input, { target: { value: [WORDS[1], WORDS[6], 'wrong'][i] } }));
    fireEvent.click(screen.getByTestId(TID.confirmSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toBe(ERROR_MESSAGES.phrase_mismatch);
    expect(onDone).not.toHaveBeenCalled();

    fireEvent.change(inputs[2]!, { target: { value: ` ${WORDS[11]} ` } });
    fireEvent.click(screen.getByTestId(TID.confirmSubmit));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(sendToWorker).toHaveBeenCalledWith('wallet.create', { password: 'Tr0ub4dor&3xyz' });
    expect(sendToWorker).toHaveBeenLastCalledWith('wallet.confirmPhrase', { address: ADDRESS, words: [WORDS[1], WORDS[6], WORDS[11]] });
  });

  it('import: a private key is checked here, then imported trimmed', async () => {
    worker(async () => ({ address: ADDRESS }));
    const onDone = vi.fn();
    render(<Onboarding onDone={onDone} />);
    fireEvent.click(screen.getByTestId(TID.onboardingImport));
    type(TID.importSecret, '0x1234');
    fillPasswords('long enough pass');
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/64 hexadecimal digits/);
    expect(asked()).toEqual([]);

    type(TID.importSecret, `  ${KEY}\n`);
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(sendToWorker).toHaveBeenCalledWith('wallet.import', { privateKey: KEY, password: 'long enough pass' });
  });

  it("import: a phrase goes to the worker as a phrase; its word and checksum errors are shown", async () => {
    let imports = 0;
    worker(async () => {
      if (imports++ === 0) throw new MessageError('invalid_phrase_word', 'word 12 is not in the BIP-39 English word list');
      return { address: ADDRESS };
    });
    const onDone = vi.fn();
    render(<Onboarding onDone={onDone} />);
    fireEvent.click(screen.getByTestId(TID.onboardingImport));
    type(TID.importSecret, 'legal winner thank');
    fillPasswords('long enough pass');
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/this has 3/);
    expect(asked()).toEqual([]);

    type(TID.importSecret, PHRASE.replace('yellow', 'yelow'));
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    await waitFor(() => expect(screen.getByTestId(TID.formError).textContent).toMatch(/word 12/));
    type(TID.importSecret, ` ${PHRASE}\n`);
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(sendToWorker).toHaveBeenLastCalledWith('wallet.import', { phrase: PHRASE, password: 'long enough pass' });
  });

  it('resumes a creation left open (the popup closed on the phrase) with the same phrase, not a new one', async () => {
    sendToWorker.mockImplementation((async (type: string) => {
      if (type === 'wallet.pendingCreation') return { pending: { address: ADDRESS, phrase: PHRASE, confirm: [0, 5, 9] } };
      if (type === 'wallet.confirmPhrase') return { address: ADDRESS };
      throw new Error(`unexpected ${type}`);
    }) as never);
    const onDone = vi.fn();
    render(<Onboarding onDone={onDone} />);
    const shown = await screen.findAllByTestId(TID.phraseWord);
    expect(shown.map((li) => li.lastChild?.textContent)).toEqual(WORDS);
    fireEvent.click(screen.getByTestId(TID.phraseSaved));
    fireEvent.click(screen.getByTestId(TID.phraseContinue));
    screen.getAllByTestId(TID.confirmWord).forEach((input, i) => fireEvent.change(input, { target: { value: WORDS[[0, 5, 9][i]!] } }));
    fireEvent.click(screen.getByTestId(TID.confirmSubmit));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(sendToWorker).toHaveBeenLastCalledWith('wallet.confirmPhrase', { address: ADDRESS, words: [WORDS[0], WORDS[5], WORDS[9]] });
    expect(asked().map(([type]) => type)).toEqual(['wallet.confirmPhrase']); // no second wallet.create
  });

  it("shows the worker's error and stays on the form", async () => {
    worker(async () => {
      throw new MessageError('wallet_exists', 'a wallet already exists');
    });
    const onDone = vi.fn();
    render(<Onboarding onDone={onDone} />);
    fireEvent.click(screen.getByTestId(TID.onboardingCreate));
    fillPasswords('long enough pass');
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toBe(ERROR_MESSAGES.wallet_exists);
    expect(onDone).not.toHaveBeenCalled();
    expect((screen.getByTestId(TID.onboardingSubmit) as HTMLButtonElement).disabled).toBe(false);
  });
});
