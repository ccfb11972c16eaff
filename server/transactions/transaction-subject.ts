/** How effects and quarantine items name the registered payment they concern. */
export function transactionSubject(reference: string): string {
  return `transaction:${reference}`;
}
