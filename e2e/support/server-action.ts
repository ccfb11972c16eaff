import { expect, type Page } from "@playwright/test";

/** A server action request as a browser sent it: the headers the page's code set (Next-Action and the like) and React's encoding of the arguments. */
export type CapturedAction = { headers: Record<string, string>; body: string };

/**
 * Sends a captured server action request from `page`, as that browser's own fetch: its own
 * cookies and Origin, so Next.js treats it exactly as it would a click in that browser.
 * Answers the action's result, decoded from the React flight response (one row is the result).
 */
export async function sendAction(page: Page, url: string, action: CapturedAction): Promise<{ status: number; result: unknown }> {
  const { status, text } = await page.evaluate(
    async ({ url, headers, body }) => {
      const response = await fetch(url, { method: "POST", headers, body });
      return { status: response.status, text: await response.text() };
    },
    { url, ...action },
  );
  const row = text.split("\n").find((line) => /^[0-9a-f]+:\{"ok":/.test(line));
  expect(row, `no action result in the response:\n${text}`).toBeTruthy();
  return { status, result: JSON.parse(row!.slice(row!.indexOf(":") + 1)) as unknown };
}
