import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered. Only the server knows it; in
 * the browser it is empty, and browsers hide nonce attributes from the page anyway.
 */
export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}
