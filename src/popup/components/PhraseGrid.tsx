import { TID } from '../testids';

/** A recovery phrase as numbered words, in reading order, for writing down. */
export function PhraseGrid({ phrase }: { phrase: string }) {
  return (
    <ol className="phrase-grid mono" data-testid={TID.phraseWords} aria-label="Recovery phrase">
      {phrase.split(' ').map((word, index) => (
        <li key={index} data-testid={TID.phraseWord}>
          <span className="phrase-n" aria-hidden="true">
            {index + 1}
          </span>
          {word}
        </li>
      ))}
    </ol>
  );
}
