import { Inngest } from "inngest";

/** The one Inngest client. It reads INNGEST_EVENT_KEY, INNGEST_DEV and INNGEST_BASE_URL from the environment. */
export const inngest = new Inngest({ id: "hookwarden" });
