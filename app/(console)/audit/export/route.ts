// GET /audit/export — the filtered audit log as CSV, streamed; the export is itself audited (audit.export: admin)
import { exportAuditCsv } from "@/server/audit/export-audit-csv";
import { consoleRouteHandler } from "@/server/http/console-handler";

export const dynamic = "force-dynamic";

export const GET = consoleRouteHandler("audit.export", async (request, { audit }) => {
  const lines = await exportAuditCsv(Object.fromEntries(new URL(request.url).searchParams), audit);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const filename = `hookwarden-audit-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.csv`;
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" } });
});
