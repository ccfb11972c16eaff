import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/** The domain (server/) never depends on routes or UI: import boundaries, enforced. */
const serverBoundary = {
  files: ["server/**/*.ts", "server/**/*.tsx"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          { group: ["@/app", "@/app/*", "**/app/*", "../app", "../../app"], message: "server/ must not import from app/ (routes depend on the domain, not the other way)." },
          { group: ["@/components", "@/components/*", "**/components/*"], message: "server/ must not import React components." },
        ],
      },
    ],
    "import/no-restricted-paths": [
      "error",
      {
        zones: [
          { target: "./server", from: "./app", message: "server/ must not import from app/." },
          { target: "./server", from: "./components", message: "server/ must not import from components/." },
        ],
      },
    ],
  },
};

const config = [
  { ignores: ["node_modules/**", ".next/**", "generated/**", ".hookwarden/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextCoreWebVitals,
  ...nextTypescript,
  serverBoundary,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
