import { describe, expect, it } from "vitest";
import { containerIds, formatJsonPath, isMaskedValue, visibleJsonRows } from "./json";

describe("JsonTree's model", () => {
  it("writes paths that paste into code", () => {
    expect(formatJsonPath([])).toBe("$");
    expect(formatJsonPath(["data", "object", "metadata", "order_id"])).toBe("data.object.metadata.order_id");
    expect(formatJsonPath(["items", 0, "price"])).toBe("items[0].price");
    expect(formatJsonPath(["metadata", "order-id"])).toBe('metadata["order-id"]');
  });

  it("recognises masked values, and only those", () => {
    expect(isMaskedValue("••••")).toBe(true);
    expect(isMaskedValue("••••4242")).toBe(true);
    expect(isMaskedValue("jane@example.com")).toBe(false);
    expect(isMaskedValue("•")).toBe(false);
    expect(isMaskedValue(4242)).toBe(false);
  });

  it("shows a container's children only while it is expanded", () => {
    const value = { id: "evt_1", data: { object: { amount: 1200, tags: ["a", "b"] } } };
    const collapsed = visibleJsonRows(value, new Set(["$"]));
    expect(collapsed.map((row) => row.id)).toEqual(["$", "id", "data"]);
    const all = visibleJsonRows(value, new Set(containerIds(value)));
    expect(all.map((row) => row.id)).toEqual(["$", "id", "data", "data.object", "data.object.amount", "data.object.tags", "data.object.tags[0]", "data.object.tags[1]"]);
    expect(all.find((row) => row.id === "data.object.tags")).toMatchObject({ kind: "array", childCount: 2, depth: 3, parentId: "data.object" });
  });

  it("opens the first levels at first", () => {
    expect(containerIds({ a: { b: { c: {} , d: 1 } } }, 1)).toEqual(["$", "a"]);
  });
});
