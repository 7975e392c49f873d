/**
 * CSV as spreadsheet programs read it (RFC 4180, CRLF line ends). Exports start with a byte-order
 * mark, without which Excel on a Chinese Windows reads UTF-8 as GBK and garbles every name.
 */
export const CSV_BOM = "\uFEFF";

/**
 * One field. Quoted when it holds a separator, a quote or a line break. Text that a spreadsheet
 * would run as a formula (=, +, -, @ first) gets a leading apostrophe: a driver's name or a reject
 * reason typed by one party must not execute on another party's computer.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
