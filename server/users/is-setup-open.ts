import { isLoopback } from "../intake/client-address";
import { countUsers } from "./count-users";

/** True while /setup may create the first admin: no user exists yet, and the request comes from this machine. */
export async function isSetupOpen(sourceAddress: string | null): Promise<boolean> {
  return isLoopback(sourceAddress) && (await countUsers()) === 0;
}
