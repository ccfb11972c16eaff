"use server";
// Server actions of /admin/rotations/{id}: roll back a rotation going on, with a reason (secrets.rollback: admin)
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { rollbackRotation } from "@/server/rotation/rollback-rotation";

const RollbackRotationSchema = z.object({
  rotationId: z.string().min(1, "rotation is required"),
  reason: z.string().trim().min(1, "a reason is required").max(500, "reason is at most 500 characters"),
});

export const rollbackRotationAction = defineAction("secrets.rollback", RollbackRotationSchema, (input, { audit }) => rollbackRotation(input, audit));
