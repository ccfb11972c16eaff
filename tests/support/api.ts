import { GET as getEvent } from "@/app/api/v1/events/[id]/route";
import { GET as listEventsRoute } from "@/app/api/v1/events/route";

/** Calls the real REST route handlers, as Next.js would. */
export async function apiGet(path: string, key?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(path, "http://localhost");
  const request = new Request(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const match = /^\/api\/v1\/events\/([^/]+)$/.exec(url.pathname);
  const response = match
    ? await getEvent(request, { params: Promise.resolve({ id: decodeURIComponent(match[1]!) }) })
    : await listEventsRoute(request, undefined);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
