import { createApiKey } from "../../server/auth/create-api-key";
import { isRole, ROLES } from "../../server/auth/roles";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { parseFlags, print, withDatabase } from "./with-database";

export async function apiKeyCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== "create") throw new UsageError(action ? `unknown api-key action "${action}"` : "api-key needs an action: create");
  const { values } = parseFlags(rest, { role: { type: "string" }, name: { type: "string" } });
  if (!values.role || !isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  if (!values.name) throw new UsageError("--name is required");
  const { role, name } = { role: values.role, name: values.name };
  const created = await withDatabase(() => createApiKey({ role, name }, cliContext()));
  print([
    `API key "${created.name}" (${created.role}) created. It is shown once; store it now:`,
    "",
    `  ${created.key}`,
    "",
    `Use it as: Authorization: Bearer ${created.key.slice(0, 17)}...`,
  ]);
}
