"use server";
// Server actions of /users: create a user, change a role, deactivate (users.*: admin)
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { changeUserRole, ChangeUserRoleSchema } from "@/server/users/change-user-role";
import { createUser, CreateUserSchema } from "@/server/users/create-user";
import { deactivateUser, DeactivateUserSchema } from "@/server/users/deactivate-user";

// A form's checkbox arrives as "on", or not at all.
const CreateUserFormSchema = CreateUserSchema.extend({ ssoOnly: z.stringbool().default(false) });

export const createUserAction = defineAction("users.create", CreateUserFormSchema, (input, { audit }) => createUser(input, audit));

export const changeUserRoleAction = defineAction("users.change_role", ChangeUserRoleSchema, (input, { audit }) => changeUserRole(input, audit));

export const deactivateUserAction = defineAction("users.deactivate", DeactivateUserSchema, (input, { audit }) => deactivateUser(input, audit));
