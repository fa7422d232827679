import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** Next's recommended rules plus TypeScript's; the layering rules keep lib/core pure. */
const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      ".eval/**",
      "node_modules/**",
      "public/**",
      ".data/**",
      "next-env.d.ts",
      "test-results/**",
      "test-results-*/**",
      "playwright-report/**",
    ],
  },
  {
    files: ["lib/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/server/*",
                "@/lib/ml/*",
                "@/app/*",
                "@/components/*",
                "node:*",
                "fs",
                "path",
              ],
              message: "lib/core is pure: no I/O and no imports from outer layers.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*"], message: "Nothing imports from app/." }] },
      ],
    },
  },
];

export default config;
