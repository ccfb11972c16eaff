import type { Role } from "../auth/roles";

/** The weakest role that sees payloads unmasked; below it (viewers), every personal field is masked on the server. */
export const UNMASKED_ROLE: Role = "operator";
