/**
 * How the product's browser tests and benchmarks start Chromium: Debian's build (a test tool's
 * own browser download fails offline), headless, and quiet on a closed network.
 */
export const chromiumExecutablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
