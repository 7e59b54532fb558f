import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * The PDF is the HTML report printed by headless Chromium: Debian's `chromium` package, driven
 * by playwright-core (which brings no browser of its own and downloads none). The page is
 * loaded offline: every request it would make is refused, so nothing outside the HTML can end up
 * in the PDF.
 */

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export class ChromiumMissingError extends Error {}

/** The Chromium to use: `MEETLAT_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.MEETLAT_CHROMIUM ?? DEFAULT_CHROMIUM;
}

/** Starts headless Chromium, or says clearly how to get it. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new ChromiumMissingError(
      `Chromium not found at ${executablePath}: install Debian's chromium package ` +
        '(apt-get install chromium) or set MEETLAT_CHROMIUM to a Chromium executable',
    );
  }
  try {
    return await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  } catch (error) {
    throw new ChromiumMissingError(
      `Chromium at ${executablePath} could not be started (${(error as Error).message.split('\n')[0]}); ` +
        "install Debian's chromium package or set MEETLAT_CHROMIUM",
    );
  }
}

const FOOTER = `<div style="font: 8px Verdana, Arial, sans-serif; color: #4a4a4a; width: 100%; padding: 0 12mm; display: flex; justify-content: space-between;"><span>Meetlat</span><span>pagina <span class="pageNumber"></span> van <span class="totalPages"></span></span></div>`;

/** Prints a self-contained HTML document to an A4 PDF (backgrounds printed, page numbers below). */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: true });
    const page = await context.newPage();
    // Nothing is fetched: the report is self-contained, and a stray URL must not reach out.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: FOOTER,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
    return pdf;
  } finally {
    await browser.close();
  }
}
