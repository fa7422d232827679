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
