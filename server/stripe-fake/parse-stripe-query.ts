import { FakeApiError } from "./fake-api-error";

export type QueryValue = string | QueryTree;
export type QueryTree = { [key: string]: QueryValue };

/**
 * A query string as Stripe reads it: `created[gte]=1` is `{ created: { gte: "1" } }`,
 * `types[0]=a&types[1]=b` (what stripe-node sends) and `types[]=a&types[]=b` (what curl
 * users type) are both `{ types: { "0": "a", "1": "b" } }`. A key given both as a value
 * and as a hash is refused, as Stripe refuses it.
 */
export function parseStripeQuery(search: string): QueryTree {
  const tree: QueryTree = Object.create(null);
  for (const [rawKey, value] of new URLSearchParams(search)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match) throw FakeApiError.invalidRequest(`Invalid parameter name: ${rawKey}`, rawKey);
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((segment) => segment[1]!)];
    let node = tree;
    for (let depth = 0; depth < path.length; depth++) {
      const segment = path[depth]!;
      const key = segment === "" ? String(Object.keys(node).length) : segment;
      if (depth === path.length - 1) {
        if (typeof node[key] === "object") throw FakeApiError.invalidRequest(`Invalid value for ${rawKey}: it is also given as a hash.`, rawKey);
        node[key] = value;
        break;
      }
      const child = node[key];
      if (typeof child === "string") throw FakeApiError.invalidRequest(`Invalid hash for ${rawKey}: it is also given as a value.`, rawKey);
      node = child ?? (node[key] = Object.create(null) as QueryTree);
    }
  }
  return tree;
}

/** An array parameter's values in index order (`types[0]`, `types[1]`, ...). */
export function queryList(value: QueryValue, param: string): string[] {
  if (typeof value === "string") throw FakeApiError.invalidRequest(`Invalid array: ${param} must be an array.`, param);
  const indexes = Object.keys(value);
  if (indexes.some((index) => !/^\d+$/.test(index))) throw FakeApiError.invalidRequest(`Invalid array: ${param} must be an array.`, param);
  return indexes
    .sort((a, b) => Number(a) - Number(b))
    .map((index) => {
      const item = value[index]!;
      if (typeof item !== "string") throw FakeApiError.invalidRequest(`Invalid array: ${param}[${index}] must be a string.`, param);
      return item;
    });
}
