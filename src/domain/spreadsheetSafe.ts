/**
 * Text for a CSV file that people open in a spreadsheet: a cell starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return would be read as a formula (CSV injection), so it gets a leading
 * apostrophe, which spreadsheets show as text.
 */
export function spreadsheetSafe(value: string): string;
export function spreadsheetSafe(value: string | null): string | null;
export function spreadsheetSafe(value: string | null): string | null {
  return value !== null && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
