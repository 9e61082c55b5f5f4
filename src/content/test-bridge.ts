import type { PageInput, PageOutput, PageRequestType } from '../messaging/page-api';
import type { Reply } from '../messaging/reply';
import type { WorkerBridge } from './page-port';

type Answer = { [T in PageRequestType]?: (input: PageInput<T>) => Reply<PageOutput<T>> | Promise<Reply<PageOutput<T>>> };

/** A bridge to a scripted worker, for tests: records every ask, connects when told to. */
export function fakeBridge(answers: Answer, connected = true) {
  const asked: { type: PageRequestType; input: unknown }[] = [];
  const onConnect: (() => void)[] = [];
  let isConnected = connected;
  const bridge: WorkerBridge = {
    ask(type, input) {
      asked.push({ type, input });
      if (!isConnected) return Promise.resolve({ ok: false, code: 'no_bridge', message: 'no wallet bridge' });
      const answer = answers[type] as ((input: unknown) => Reply<PageOutput<typeof type>>) | undefined;
      return Promise.resolve(answer ? answer(input) : { ok: false, code: 'no_reply', message: 'no reply' });
    },
    onConnect(listener) {
      if (isConnected) listener();
      else onConnect.push(listener);
    },
  };
  return {
    bridge,
    asked,
    connect() {
      isConnected = true;
      for (const listener of onConnect.splice(0)) listener();
    },
  };
}
