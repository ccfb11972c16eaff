import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BREAKER_GAUGE_VALUES, METRIC_NAMES } from "./metric-names";
import { metrics } from "./metrics-registry";

type Target = { expr: string; datasource?: { type: string; uid: string } };
type Panel = { id: number; type: string; title: string; targets?: Target[]; panels?: Panel[]; datasource?: { uid: string }; fieldConfig?: { defaults?: { mappings?: { options: Record<string, { text: string }> }[] } } };
type Dashboard = { uid: string; panels: Panel[]; templating: { list: { name: string; type: string; query: string | { query: string } }[] } };

const DASHBOARD_FILE = path.resolve(import.meta.dirname, "../../deploy/grafana/hookwarden-dashboard.json");

function dashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, "utf8")) as Dashboard;
}

const everyPanel = (panels: Panel[]): Panel[] => panels.flatMap((panel) => [panel, ...everyPanel(panel.panels ?? [])]);

/** Every PromQL expression the dashboard runs: its panels' targets and its variables' queries. */
function expressions(board: Dashboard): string[] {
  const targets = everyPanel(board.panels).flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
  const variables = board.templating.list.filter((variable) => variable.type === "query").map((variable) => (typeof variable.query === "string" ? variable.query : variable.query.query));
  return [...targets, ...variables];
}

/** The series this process's registry exposes (a histogram as its _bucket, _sum and _count): the metric each belongs to, and the labels it may carry. */
function exportedSeries(): Map<string, { metric: string; labels: Set<string> }> {
  const series = new Map<string, { metric: string; labels: Set<string> }>();
  for (const metric of metrics().registry.getMetricsAsArray()) {
    const { name, type, labelNames = [] } = metric as unknown as { name: string; type: string; labelNames?: string[] };
    if (type === "histogram") {
      series.set(`${name}_bucket`, { metric: name, labels: new Set([...labelNames, "le"]) });
      series.set(`${name}_sum`, { metric: name, labels: new Set(labelNames) });
      series.set(`${name}_count`, { metric: name, labels: new Set(labelNames) });
    } else {
      series.set(name, { metric: name, labels: new Set(labelNames) });
    }
  }
  return series;
}

describe("the sample Grafana dashboard (deploy/grafana/hookwarden-dashboard.json)", () => {
  it("parses, takes its Prometheus data source from a variable, and every panel queries through it", () => {
    const board = dashboard();
    expect(board.templating.list.find((variable) => variable.name === "datasource")).toMatchObject({ type: "datasource", query: "prometheus" });
    const panels = everyPanel(board.panels).filter((panel) => panel.type !== "row");
    expect(panels.length).toBeGreaterThan(10);
    expect(new Set(everyPanel(board.panels).map((panel) => panel.id)).size).toBe(everyPanel(board.panels).length);
    for (const panel of panels) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      expect(panel.datasource?.uid, panel.title).toBe("${datasource}");
      for (const target of panel.targets!) expect(target.datasource?.uid, panel.title).toBe("${datasource}");
    }
  });

  it("queries only series the app exports, with labels those series carry, and shows every metric Hookwarden defines", () => {
    const exported = exportedSeries();
    const used = new Set<string>();
    for (const expr of expressions(dashboard())) {
      const names = expr.match(/\bhookwarden_[a-z0-9_]+\b/g) ?? [];
      expect(names.length, expr).toBeGreaterThan(0);
      for (const name of names) {
        expect(exported.has(name), `${name} in ${expr}`).toBe(true);
        used.add(exported.get(name)!.metric);
      }
      for (const [, name, matchers] of expr.matchAll(/\b(hookwarden_[a-z0-9_]+)\{([^}]*)\}/g)) {
        for (const [, label] of matchers!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) {
          expect(exported.get(name!)?.labels.has(label!), `label ${label} of ${name} in ${expr}`).toBe(true);
        }
      }
    }
    for (const name of Object.values(METRIC_NAMES)) expect(used.has(name), `${name} has no panel`).toBe(true);
  });

  it("names the breaker gauge's values as the app sets them", () => {
    const breakers = everyPanel(dashboard().panels).find((panel) => panel.targets?.some((target) => target.expr.includes(METRIC_NAMES.breakerState)));
    const mapping = breakers?.fieldConfig?.defaults?.mappings?.[0]?.options ?? {};
    expect(Object.fromEntries(Object.entries(mapping).map(([value, { text }]) => [text, Number(value)]))).toEqual({
      closed: BREAKER_GAUGE_VALUES.closed,
      "half-open": BREAKER_GAUGE_VALUES.half_open,
      open: BREAKER_GAUGE_VALUES.open,
      shedding: BREAKER_GAUGE_VALUES.shed,
    });
  });
});
