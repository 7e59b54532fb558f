/**
 * axe-core in the browser tests: the WCAG 2.1 A and AA rules, and a page's violations in one line
 * each (page, rule, what it says, the first element), so a failing test says where to look.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The page's violations, with every details element opened first so what is inside is checked. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations.map((v) => `${page.url()}: ${v.id} ${v.help} — ${v.nodes[0]?.target.join(' ')}`);
}
