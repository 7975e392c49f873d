/**
 * Money is integer fen (CNY minor unit) everywhere. Users type yuan with up to two decimals; the
 * text is converted digit by digit, never through a binary float.
 */
export type Fen = number;

const YUAN = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/;

export function parseYuanToFen(text: string): Fen | null {
  const match = YUAN.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export function fenToYuanText(fen: Fen): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Highest price per tonne a listing may ask or offer: ¥100,000/t. */
export const MAX_PRICE_FEN_PER_TONNE: Fen = 10_000_000;
