import type { PopupInput, PopupOutput, PopupRequestType } from '../../messaging/popup-api';
import type { sendToWorker } from '../../messaging/popup-client';

/** The shape of the popup's one way to the worker, for `vi.fn<SendToWorker>()` in tests. */
export type SendToWorker = typeof sendToWorker;

/** Answers per request type, typed by the PopupApi map: a mock cannot return what the worker never would. */
export type WorkerAnswers = {
  [T in PopupRequestType]?: (input: PopupInput<T>) => PopupOutput<T> | Promise<PopupOutput<T>>;
};

/** A stand-in for sendToWorker that answers from `answers` and fails on a request the test did not expect. */
export function answeringWorker(answers: WorkerAnswers): SendToWorker {
  return async (type, input) => {
    const answer = answers[type] as ((input: unknown) => unknown) | undefined;
    if (!answer) throw new Error(`unexpected worker request ${type}`);
    return (await answer(input)) as never;
  };
}

