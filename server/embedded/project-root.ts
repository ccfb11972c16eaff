import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project's root folder (this file is server/embedded/project-root.ts). In the Next.js
 * bundle, Turbopack resolves `import.meta.url` against the folder that holds `.next`, so this
 * is the application's folder there too (the container image's /app).
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
