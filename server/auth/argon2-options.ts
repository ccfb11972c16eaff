/** argon2id parameters for every stored secret we hash (API keys, passwords): OWASP's minimum, 19 MiB and 2 passes. */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
