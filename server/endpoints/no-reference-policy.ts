/**
 * What an endpoint does with a payment event that carries no reference and links to
 * no registered payment (`missing_reference`), and what each choice means.
 */
export const NO_REFERENCE_POLICIES = ["quarantine", "allow"] as const;
export type NoReferencePolicy = (typeof NO_REFERENCE_POLICIES)[number];

export const NO_REFERENCE_POLICY_CONSEQUENCES: Record<NoReferencePolicy, string> = {
  quarantine:
    "Payments that name no registered reference are held in quarantine as missing_reference and change nothing until an operator releases or rejects them. Safest: nothing unexpected reaches the books.",
  allow:
    "Payments that name no registered reference are recorded as unreferenced payments without a cross-check. Use it only when this endpoint also receives payments your app never registers.",
};

export function isNoReferencePolicy(value: string): value is NoReferencePolicy {
  return (NO_REFERENCE_POLICIES as readonly string[]).includes(value);
}
