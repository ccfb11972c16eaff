import { prisma } from "../db";
import { isLoopback } from "../intake/client-address";

/** True while /setup may create the first admin: no user exists yet, and the request comes from this machine. */
export async function isSetupOpen(sourceAddress: string | null): Promise<boolean> {
  return isLoopback(sourceAddress) && (await prisma().user.count()) === 0;
}
