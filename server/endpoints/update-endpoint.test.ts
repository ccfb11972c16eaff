import { afterAll, describe, expect, it } from "vitest";
import { endpointWithSecret } from "../../tests/support/intake";
import { cliContext } from "../../tests/support/users";
import { disconnect, prisma } from "../db";
import { updateEndpoint } from "./update-endpoint";

afterAll(() => disconnect());

const auditOf = (name: string) => prisma().auditEntry.findMany({ where: { subject: `endpoint:${name}` }, orderBy: { id: "asc" } });

describe("updateEndpoint", () => {
  it("changes the policy and the tolerance, recording before and after in the same transaction", async () => {
    const endpoint = await endpointWithSecret();
    const result = await updateEndpoint({ name: endpoint.name, noReferencePolicy: "allow", toleranceSeconds: "600" }, cliContext);
    expect(result).toEqual({ name: endpoint.name, changed: true, settings: { noReferencePolicy: "allow", toleranceSeconds: 600, thin: false, confirmEventTypes: null } });
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).toMatchObject({ noReferencePolicy: "allow", toleranceSeconds: 600 });
    expect(await auditOf(endpoint.name)).toMatchObject([
      { action: "endpoints.update", before: { noReferencePolicy: "quarantine", toleranceSeconds: null }, after: { noReferencePolicy: "allow", toleranceSeconds: 600 } },
    ]);
    // An empty tolerance goes back to the default.
    await updateEndpoint({ name: endpoint.name, noReferencePolicy: "allow", toleranceSeconds: "" }, cliContext);
    expect((await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).toleranceSeconds).toBeNull();
  });

  it("marks an endpoint thin and chooses its confirm-with-source types; null restores the default list", async () => {
    const endpoint = await endpointWithSecret();
    await updateEndpoint({ name: endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: null, thin: true, confirmEventTypes: ["invoice.paid", "charge.succeeded", "invoice.paid"] }, cliContext);
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).toMatchObject({ thin: true, confirmTypesSet: true, confirmEventTypes: ["charge.succeeded", "invoice.paid"] });
    // Absent fields stay as they are.
    await updateEndpoint({ name: endpoint.name, noReferencePolicy: "allow", toleranceSeconds: null }, cliContext);
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).toMatchObject({ thin: true, confirmTypesSet: true });
    await updateEndpoint({ name: endpoint.name, noReferencePolicy: "allow", toleranceSeconds: null, confirmEventTypes: null }, cliContext);
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).toMatchObject({ confirmTypesSet: false, confirmEventTypes: [] });
    expect((await auditOf(endpoint.name)).at(-1)).toMatchObject({ before: { confirmEventTypes: ["charge.succeeded", "invoice.paid"] }, after: { confirmEventTypes: null } });
  });

  it("records nothing when nothing changes", async () => {
    const endpoint = await endpointWithSecret();
    expect(await updateEndpoint({ name: endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: null }, cliContext)).toMatchObject({ changed: false });
    expect(await auditOf(endpoint.name)).toEqual([]);
  });

  it("refuses bad input and unknown endpoints, changing nothing", async () => {
    const endpoint = await endpointWithSecret();
    await expect(updateEndpoint({ name: endpoint.name, noReferencePolicy: "ignore" as "allow", toleranceSeconds: 5 }, cliContext)).rejects.toMatchObject({
      code: "invalid_request",
      fields: { noReferencePolicy: expect.stringMatching(/quarantine, allow/) },
    });
    await expect(updateEndpoint({ name: endpoint.name, noReferencePolicy: "allow", toleranceSeconds: 0 }, cliContext)).rejects.toMatchObject({ fields: { toleranceSeconds: expect.stringMatching(/at least 1/) } });
    await expect(updateEndpoint({ name: endpoint.name, noReferencePolicy: "allow", toleranceSeconds: "1.5" }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(updateEndpoint({ name: "no-such-endpoint-here", noReferencePolicy: "allow", toleranceSeconds: null }, cliContext)).rejects.toMatchObject({ code: "not_found" });
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).toMatchObject({ noReferencePolicy: "quarantine", toleranceSeconds: null });
    expect(await auditOf(endpoint.name)).toEqual([]);
  });
});
