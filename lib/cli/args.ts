import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * Parses command-line flags and turns a mistake into a usage message and exit code 2, so every
 * command of the product fails the same clear way.
 */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig["options"]>>(
  usage: string,
  options: T,
) {
  try {
    return parseArgs({
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}

/**
 * Runs a command's main function and exits with its code; an unexpected error prints its message
 * (no stack trace for the user) and exits with 1.
 */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
