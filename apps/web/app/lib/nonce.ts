import { createContext, useContext } from 'react';

/**
 * The per-request CSP nonce, provided by entry.server for the inline scripts Remix renders
 * (<Scripts>, <ScrollRestoration>). Undefined in the browser, where nothing new is inlined.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
