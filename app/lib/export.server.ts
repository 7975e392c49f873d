import ExcelJS from "exceljs";
import { CSV_BOM, csvLine } from "./csv";

/**
 * One table as a download, the same for every table the department exports: CSV (with a BOM, for
 * Excel on a Chinese Windows) or XLSX written by ExcelJS. Headers come translated by the caller,
 * in the user's language; numbers stay numbers in both formats (tonnes with three decimals,
 * rates in percent), so a spreadsheet can sum them.
 */
export type ExportFormat = "csv" | "xlsx";
export type Cell = string | number | null | undefined;

export type ExportColumn<R> = {
  header: string;
  value: (row: R) => Cell;
  /** How a number is shown in XLSX; CSV writes the number itself. */
  format?: "tonnes" | "percent" | "integer";
};

export type ExportTable<R> = {
  /** File name without extension, ASCII (e.g. "rectification-2025-03"). */
  fileName: string;
  /** Worksheet name (at most 31 characters). */
  sheetName: string;
  columns: readonly ExportColumn<R>[];
  rows: Iterable<R>;
};

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const numberFormats = { tonnes: "#,##0.000", percent: "0.00", integer: "#,##0" } as const;

/** Kilograms as tonnes, exact to the kilogram (12345 → 12.345). */
export const tonnesOf = (kg: number | null | undefined) =>
  kg === null || kg === undefined ? null : kg / 1000;
/** Basis points as percent (5234 → 52.34). */
export const percentOf = (bp: number | null | undefined) =>
  bp === null || bp === undefined ? null : bp / 100;

export function csvOf<R>(table: ExportTable<R>): string {
  let text = CSV_BOM + csvLine(table.columns.map((c) => c.header));
  for (const row of table.rows) text += csvLine(table.columns.map((c) => c.value(row)));
  return text;
}

export async function xlsxOf<R>(table: ExportTable<R>): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Rebuild Exchange";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(table.sheetName.replace(/[[\]:*?/\\]/g, " ").slice(0, 31), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    width: Math.min(40, Math.max(10, c.header.length * 2 + 2)),
    style: c.format ? { numFmt: numberFormats[c.format] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    // Text is written as text, never as a formula, so nothing typed by a user runs in Excel.
    sheet.addRow(table.columns.map((c) => c.value(row) ?? null));
  }
  // ExcelJS types its result as its own Buffer interface; it is Node's Buffer, a byte array.
  const written = (await workbook.xlsx.writeBuffer()) as unknown as ArrayLike<number>;
  return new Uint8Array(written);
}

export async function exportResponse<R>(
  format: ExportFormat,
  table: ExportTable<R>,
): Promise<Response> {
  const headers = {
    "Cache-Control": "private, no-store",
    "Content-Disposition": `attachment; filename="${table.fileName}.${format}"`,
  };
  if (format === "xlsx") {
    return new Response(await xlsxOf(table), {
      headers: { ...headers, "Content-Type": XLSX_TYPE },
    });
  }
  return new Response(csvOf(table), {
    headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" },
  });
}
