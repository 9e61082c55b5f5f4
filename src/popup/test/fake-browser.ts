/**
 * webextension-polyfill as the popup's tests need it (the real module throws outside an extension):
 * `runtime.onMessage`, whose listeners a test calls to play a worker broadcast. Use it with
 * `vi.mock('webextension-polyfill', () => import('…/test/fake-browser'))`.
 */
type Listener = (message: unknown) => void;

export const runtimeListeners = new Set<Listener>();

const browser = {
  runtime: {
    onMessage: {
      addListener: (listener: Listener) => void runtimeListeners.add(listener),
      removeListener: (listener: Listener) => void runtimeListeners.delete(listener),
    },
  },
};

export default browser;
