import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export type AxeOptions = {
  /** Only check inside these selectors. */
  include?: string[];
  /** Leave these out (the Next.js dev overlay is always left out). */
  exclude?: string[];
};

/**
 * Runs axe-core (WCAG 2.1 A and AA rules, plus best practices) on the page as it is now and fails
 * on any serious or critical violation, listing each with the elements concerned. Minor and
 * moderate findings are printed, not failed, so they are seen without blocking.
 */
export async function expectNoSeriousA11yViolations(page: Page, options: AxeOptions = {}) {
  // After a client-side navigation the URL changes before Next.js applies the new page's metadata: check the settled page.
  await expect(page).toHaveTitle(/\S/);
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).exclude("nextjs-portal");
  for (const selector of options.include ?? []) builder = builder.include(selector);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const blocking = violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const other = violations.filter((violation) => !blocking.includes(violation));
  const describe = (list: typeof violations) =>
    list
      .map((violation) => `[${violation.impact}] ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `    ${node.target.join(" ")}: ${node.failureSummary?.split("\n").join(" ")}`).join("\n")}`)
      .join("\n");
  if (other.length) console.log(`axe (not failing): ${other.length} minor/moderate finding(s) on ${page.url()}\n${describe(other)}`);
  expect(blocking, `axe found serious or critical accessibility violations on ${page.url()}:\n${describe(blocking)}`).toEqual([]);
}

/** Opens pages with a theme already chosen, as a returning user would have it (a choice made later in the test wins). */
export async function useTheme(page: Page, theme: "light" | "dark") {
  await page.addInitScript((value) => {
    if (!window.localStorage.getItem("hookwarden-theme")) window.localStorage.setItem("hookwarden-theme", value);
  }, theme);
}
