/**
 * Cross-origin isolation (COOP + COEP) lets ONNX Runtime's WASM backend use threads in the
 * browser; every asset the app uses is its own, so `require-corp` blocks nothing it needs.
 * PGlite ships its own WASM and data files and must be loaded by Node, not bundled.
 *
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
  // A separate build folder per checkout task (e.g. two test runs at once) when set.
  distDir: process.env.CREATIVE_TRIAGE_DIST_DIR || ".next",
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "onnxruntime-node",
  ],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
