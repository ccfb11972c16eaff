import type { PaymentSignal } from "./payment-signal";
import { SUBJECT_KINDS, type SubjectKind } from "./score-payment-sequence";

/** Where each kind of subject is in `payment_signal`, and the field of a signal that names it. */
export const SUBJECT_COLUMNS = {
  customer: { column: "customer_id", field: "customerId" },
  email: { column: "email_hash", field: "emailHash" },
  address: { column: "address_hash", field: "addressHash" },
  card: { column: "card_hash", field: "cardHash" },
} as const satisfies Record<SubjectKind, { column: string; field: keyof PaymentSignal }>;

/** A subject: `customer:cus_…`, `email:<keyed hash>`, `address:<keyed hash>`, `card:<keyed hash>`. */
export type Subject = { kind: SubjectKind; value: string; key: string };

/** The subjects one signal belongs to, in order of preference for naming a review (a customer first). */
export function subjectsOfSignal(signal: Pick<PaymentSignal, "customerId" | "emailHash" | "addressHash" | "cardHash">): Subject[] {
  return SUBJECT_KINDS.flatMap((kind) => {
    const value = signal[SUBJECT_COLUMNS[kind].field];
    return value ? [{ kind, value, key: `${kind}:${value}` }] : [];
  });
}

export function parseSubject(key: string): Subject | null {
  const at = key.indexOf(":");
  const kind = key.slice(0, at) as SubjectKind;
  const value = key.slice(at + 1);
  return at > 0 && value !== "" && (SUBJECT_KINDS as readonly string[]).includes(kind) ? { kind, value, key } : null;
}

export function signalBelongsTo(signal: Pick<PaymentSignal, "customerId" | "emailHash" | "addressHash" | "cardHash">, subject: Subject): boolean {
  return signal[SUBJECT_COLUMNS[subject.kind].field] === subject.value;
}

/** A short tag of a keyed hash, to tell cards, addresses and e-mail addresses apart without showing any of them. */
export const hashTag = (hash: string) => `#${hash.slice(0, 6)}`;

/** How an operator sees a subject: never an e-mail address, a street or a fingerprint; a card by brand and last 4. */
export function subjectLabel(subject: Subject, card?: { brand: string | null; last4: string | null }): string {
  switch (subject.kind) {
    case "customer":
      return `customer ${subject.value}`;
    case "email":
      return `e-mail address ${hashTag(subject.value)}`;
    case "address":
      return `billing address ${hashTag(subject.value)}`;
    case "card":
      return `card ${[card?.brand, card?.last4 ? `••••${card.last4}` : null].filter(Boolean).join(" ") || "(no last 4)"} ${hashTag(subject.value)}`;
  }
}
