export const USAGE = `hookwarden — the Hookwarden command line

Usage:
  hookwarden endpoint add <name> [--description TEXT] [--tolerance SECONDS]
  hookwarden endpoint list
  hookwarden endpoint set-stripe-key <name> [--from REFERENCE | --remove]
                                     (without --from or --remove, the restricted key rk_... is read from
                                      standard input and stored encrypted; --from keeps it at its provider)
  hookwarden secret add <endpoint> [--secret whsec_... | --from REFERENCE] [--label TEXT] [--expires-in HOURS]
                                     (without --secret or --from, the secret is read from standard input;
                                      REFERENCE: env:VAR, vault:<mount>/<path>#<field>, aws:<secret>[#<field>])
  hookwarden secret list <endpoint>    (fingerprints, states, where each is stored, last verified delivery, rotation policy)
  hookwarden secret roll <endpoint> [--overlap-hours 0-24] [--label TEXT]
                                     (a manual roll: Stripe's new secret from standard input; the old ones expire after
                                      the overlap, 24 h by default, 0 stops them at once)
  hookwarden secret retire <endpoint> <fingerprint> [--reason TEXT]
  hookwarden secret rotate <endpoint> [--stripe-endpoint we_...] [--confirm-within MINUTES]
                                     (through Stripe's API: a second Stripe endpoint, its secret stored unseen, the old
                                      one deleted once the new one delivers; rolled back if it delivers nothing in time)
  hookwarden secret rotation <rotation id>
  hookwarden secret rollback <rotation id> --reason TEXT
  hookwarden secret policy <endpoint> [--every DAYS|none] [--quiet-minutes N] [--auto-retire|--no-auto-retire]
  hookwarden api-key create --role viewer|operator|admin --name NAME
  hookwarden user create --email ADDRESS --role viewer|operator|admin [--name NAME] [--sso-only]
                         (prints a one-time password once; it must be changed at the first sign-in)
  hookwarden user list
  hookwarden user set-role --email ADDRESS --role viewer|operator|admin
  hookwarden user deactivate --email ADDRESS [--reason TEXT]
  hookwarden reconcile missed-events [--endpoint NAME] [--dry-run] [--since ISO-TIME] [--all-events] [--json]
  hookwarden reconcile drift-audit [--endpoint NAME] [--dry-run] [--json]
  hookwarden reconcile show <run id>
  hookwarden reconcile repair <finding id>
  hookwarden reconcile dismiss <finding id> --reason TEXT   (the finding needs no repair; nothing changes in the books)
  hookwarden reconcile event <evt_...> [--endpoint NAME] [--apply --reason TEXT]
                                     (compares the event with Stripe's copy; --apply processes Stripe's copy)
  hookwarden review list [--status open|confirmed|dismissed] [--limit N] [--json]
                                     (fraud review items: score, level, kind, subject (masked), age, events held)
  hookwarden review show <review id> [--json]
                                     (the reasons with their weights, the payment sequence as a timeline, the events held)
  hookwarden review confirm <review id> --reason TEXT   (fraud: the events it holds stay held)
  hookwarden review dismiss <review id> --reason TEXT   (legitimate: the events it holds go back to processing)
  hookwarden review release-event <review id> <evt_...> --reason TEXT [--endpoint NAME]
  hookwarden review reject-event <review id> <evt_...> --reason TEXT [--endpoint NAME]
                                     (one event a confirmed review holds: applied once, or never)
  hookwarden keys status             (key versions, their status, and how many records each still encrypts)
  hookwarden keys rotate [--resume] [--batch-size N]
                                     (adds a data key and re-encrypts every record with it, with progress;
                                      an interrupted rotation is finished by running it again, --resume only finishes)
  hookwarden retention status       (settings, what is due, the latest purges and what they removed)
  hookwarden retention purge [--dry-run] [--batch-size N]
                                     (replaces old raw payloads by their masked copy, deletes old settled records)
  hookwarden customer export <cus_...> [--out FILE]
                                     (everything held about the customer, as JSON; audited)
  hookwarden customer erase <cus_...> --reason TEXT
                                     (anonymises the customer in the ledger and the books; figures kept; audited)
  hookwarden gatekeeper status [--json]   (breakers with why and what they hold, source blocks, policies)
  hookwarden gatekeeper decisions [--kind KIND[,KIND]] [--endpoint NAME] [--limit N] [--json]
                                     (newest first, each with its explanation; --json prints JSON lines)
  hookwarden gatekeeper breaker open <endpoint> [--types a,b] --reason TEXT [--shed-hours N]
                                     (holds the types' effects; default: the success types; shed capped by
                                      HOOKWARDEN_SHED_MAX_HOURS)
  hookwarden gatekeeper breaker show <breaker id> [--cursor C] [--json]   (its held events and decisions)
  hookwarden gatekeeper breaker half-open <breaker id> --reason TEXT [--release-per-tick N]
  hookwarden gatekeeper breaker close <breaker id> --reason TEXT
  hookwarden gatekeeper breaker shed <breaker id> --hours N --reason TEXT   (0 ends shed mode)
  hookwarden gatekeeper release <breaker id> --reason TEXT             (every event it holds)
  hookwarden gatekeeper release --events <id,evt_...> --reason TEXT     (chosen held events)
  hookwarden gatekeeper sources list|add <address> [--note TEXT]|remove <address> [--reason TEXT]|refresh [--reason TEXT]
  hookwarden gatekeeper policy <endpoint> off|monitor|enforce [--reason TEXT]
  hookwarden gatekeeper unblock <block id> --reason TEXT
  hookwarden alert-channel add --kind slack|webhook|email --name NAME [--min-severity warning|critical] [--disabled]
                               [--from ADDRESS --to ADDRESS[,ADDRESS...]]   (--from and --to: e-mail only)
                                     (the destination is read from standard input: the Slack or webhook URL, or
                                      smtp://user:password@host:587 / smtps://...; a webhook's signing secret is printed once)
  hookwarden alert-channel list      (kind, destination host, minimum severity, state, last message: never a URL or secret)
  hookwarden alert-channel remove <name or id> --reason TEXT
  hookwarden alert-channel test <name or id>   (sends a marked test message now; exit code 1 when it is not delivered)
  hookwarden destination list [--endpoint NAME] [--json]   (state, URL, event types, backlog: pending, failing, dead, delivered)
  hookwarden destination show <id or endpoint/name> [--status pending|delivered|dead] [--before N] [--json]
                                     (settings and deliveries, newest first, 50 a page, each with its latest attempts)
  hookwarden destination add --endpoint NAME --name NAME --url URL --types TYPE[,TYPE...] [--forward-released] [--allow-internal]
                                     (types: invoice.paid, payment_intent.* or *; the signing secret is printed once)
  hookwarden destination update <destination> [--url URL] [--types TYPE[,TYPE...]] [--forward-released|--no-forward-released]
                                    [--allow-internal|--no-allow-internal]
  hookwarden destination pause <destination> --reason TEXT   (deliveries wait, none is lost)
  hookwarden destination resume <destination>                (the backlog is sent in order)
  hookwarden destination retry <destination> --reason TEXT [--from ISO-TIME] [--to ISO-TIME] [--failing]
                                     (dead deliveries written in [from, to) are sent again; --failing: the pending ones
                                      that failed at least once, sent now)
  hookwarden destination rotate-secret <destination>        (the new secret is printed once; the old one signs too for
                                                             HOOKWARDEN_DESTINATION_SECRET_GRACE_HOURS)
  hookwarden destination delete <destination> --reason TEXT  (with its deliveries; the events stay in the ledger)
  hookwarden simulate [--url URL] [--endpoint NAME] [--scenario NAME] [--secret whsec_...] [--api-key hwk_...] [--no-register] [--stripe URL]
                      scenarios: all (default), checkout, subscription, failed-payment, duplicates, quarantine, malformed, burst, card-testing,
                      and with the demo Stripe (HOOKWARDEN_DEMO_STRIPE=1, found on its own; or --stripe URL): missed, drift, forged
                      (registers the scenarios' payments first: through the API with --api-key, else in the database)
  hookwarden simulate --scenario NAME --out FILE.jsonl [--secret whsec_...] [--endpoint NAME] [--seed N] [--start ISO-DATE]
                      writes a labelled detection scenario (days of deliveries as JSON lines; no server needed):
                      normal-days, billing-run, black-friday, retry-burst (legitimate bursts), forged-flood, replay-attack,
                      leaked-secret, card-testing, retry-probing, slow-card-testing (attacks); signed with --secret,
                      else whsec_local_demo_secret; the same --seed writes the same file (without --out,
                      card-testing is the short live scenario above)
  hookwarden detect --replay FILE.jsonl --secret ENDPOINT=whsec_... [--secret ...] [--source-policy off|monitor|enforce]
                    [--trusted-proxy ADDRESS ...]
                      replays the deliveries through intake, gatekeeper and processing on a throwaway database and a
                      virtual clock; prints every decision as a JSON line, then a summary line

The CLI uses the same database as the running server: DATABASE_URL when set,
otherwise the embedded PostgreSQL in .hookwarden/ (started if it is not running).
`;

export class UsageError extends Error {}
