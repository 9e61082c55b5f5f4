import { createContext, useContext } from 'react';
import type { PopupStartup } from '../startup';

/** Reads main.tsx started before the first render; tests and previews provide none. */
export const PopupStartupContext = createContext<PopupStartup>({});

export function usePopupStartup(): PopupStartup {
  return useContext(PopupStartupContext);
}
