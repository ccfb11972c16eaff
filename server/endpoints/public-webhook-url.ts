import { env } from "../env";

/**
 * Where `stripe listen --forward-to` should point, for the console's empty states: the
 * console's public host (NEXTAUTH_URL) with the default endpoint's path, or the local default.
 */
export function publicWebhookUrl(): string {
  const publicUrl = env().NEXTAUTH_URL;
  return `${publicUrl ? new URL(publicUrl).host : "localhost:3000"}/api/stripe/webhook`;
}
