import { z } from "zod";
import { prisma } from "../db";
import { AppError } from "../errors";
import { EndpointNameSchema } from "./endpoint-name";

export const AddEndpointSchema = z.object({
  name: EndpointNameSchema,
  description: z.string().max(500).optional(),
  toleranceSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type AddEndpoint = z.infer<typeof AddEndpointSchema>;

/** Creates a named endpoint; answers invalid_request when the name is taken or malformed. */
export async function addEndpoint(input: AddEndpoint) {
  const parsed = AddEndpointSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues.map((issue) => issue.message).join("; "));
  const existing = await prisma().endpoint.findUnique({ where: { name: parsed.data.name } });
  if (existing) throw new AppError("invalid_request", `endpoint "${parsed.data.name}" already exists`);
  return prisma().endpoint.create({ data: parsed.data });
}
