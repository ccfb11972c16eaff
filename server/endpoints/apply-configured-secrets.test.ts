import { afterAll, describe, expect, it } from "vitest";
import { disconnect, prisma } from "../db";
import { reloadEnv } from "../env";
import { inFreshDatabase } from "@/tests/support/fresh-database";
import { newSecret } from "@/tests/support/intake";
import { applyConfiguredSecrets } from "./apply-configured-secrets";

afterAll(() => disconnect());

describe("applyConfiguredSecrets at start-up", () => {
  it("several instances starting at once on one database all succeed, with one default endpoint and each configured secret once", async () => {
    await inFreshDatabase("apply_secrets", async () => {
      const secret = newSecret();
      process.env.STRIPE_WEBHOOK_SECRET = secret;
      reloadEnv();
      try {
        await Promise.all([1, 2, 3, 4].map(() => applyConfiguredSecrets()));
        const endpoints = await prisma().endpoint.findMany({ where: { name: "default" }, include: { secrets: true } });
        expect(endpoints).toHaveLength(1);
        expect(endpoints[0]!.secrets).toHaveLength(1);
      } finally {
        delete process.env.STRIPE_WEBHOOK_SECRET;
        reloadEnv();
      }
    });
  });
});
