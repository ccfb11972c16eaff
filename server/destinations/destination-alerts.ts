/** The subject of a destination's alerts (`destination_dead`, `destination_paused`): one open alert of each kind per destination. */
export function destinationAlertSubject(endpoint: string, name: string): string {
  return `destination:${endpoint}/${name}`;
}
