/** Pure helpers of JsonTree: paths, masking and the flat list of visible rows. */

export type JsonPathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `data.object.metadata["order-id"]`, `items[0].price`: a path that pastes into JavaScript and jq alike. */
export function formatJsonPath(segments: readonly JsonPathSegment[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path || "$";
}

/**
 * Whether a value was masked before it reached the browser: the masking step replaces secrets and
 * personal data with bullets, keeping at most a short tail ("••••", "••••4242").
 */
export function isMaskedValue(value: unknown): boolean {
  return typeof value === "string" && /^•{2,}[^•]{0,4}$/.test(value);
}

export type JsonRow = {
  /** Stable key: the formatted path. */
  id: string;
  path: JsonPathSegment[];
  key: JsonPathSegment | null;
  depth: number;
  value: unknown;
  kind: "object" | "array" | "string" | "number" | "boolean" | "null" | "other";
  childCount: number;
  expanded: boolean;
  parentId: string | null;
};

export function jsonKind(value: unknown): JsonRow["kind"] {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "object":
      return "object";
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "other";
  }
}

function children(value: unknown): [JsonPathSegment, unknown][] {
  if (Array.isArray(value)) return value.map((item, index) => [index, item]);
  if (value && typeof value === "object") return Object.entries(value);
  return [];
}

/** The rows a reader can see, in order: a container's children follow it only while it is expanded. */
export function visibleJsonRows(root: unknown, expanded: ReadonlySet<string>): JsonRow[] {
  const rows: JsonRow[] = [];
  const walk = (value: unknown, path: JsonPathSegment[], key: JsonPathSegment | null, depth: number, parentId: string | null) => {
    const id = formatJsonPath(path);
    const kind = jsonKind(value);
    const entries = kind === "object" || kind === "array" ? children(value) : [];
    const isOpen = entries.length > 0 && expanded.has(id);
    rows.push({ id, path, key, depth, value, kind, childCount: entries.length, expanded: isOpen, parentId });
    if (isOpen) for (const [childKey, child] of entries) walk(child, [...path, childKey], childKey, depth + 1, id);
  };
  walk(root, [], null, 0, null);
  return rows;
}

/** Paths of every container down to `depth` levels, for the initial expansion. */
export function containerIds(root: unknown, depth: number = Infinity): string[] {
  const ids: string[] = [];
  const walk = (value: unknown, path: JsonPathSegment[], level: number) => {
    const entries = children(value);
    if (entries.length === 0 || level > depth) return;
    ids.push(formatJsonPath(path));
    for (const [key, child] of entries) walk(child, [...path, key], level + 1);
  };
  walk(root, [], 0);
  return ids;
}

/** The value as text for the clipboard: strings bare, everything else as JSON. */
export function copyableValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}
