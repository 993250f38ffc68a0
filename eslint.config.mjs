import { defineConfig, globalIgnores } from "eslint/config";
import boundaries from "eslint-plugin-boundaries";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The layers of the code, lowest first (README, "Layers"): a file may import its own layer and the layers below it,
 * never one above. Each layer is a set of folders; the first folder pattern that matches a file names its layer.
 */
const layers = [
  { type: "domain", folders: ["domain"] },
  { type: "platform", folders: ["platform"] },
  { type: "grading", folders: ["grader"] },
  { type: "question-bank", folders: ["question-bank"] },
  { type: "db", folders: ["db"] },
  { type: "grading-jobs", folders: ["grader/jobs"] },
  { type: "services", folders: ["lib"] },
  { type: "entry-points", folders: ["app", "grader/worker", "bench", "tests"] },
];
/** Folders inside another layer's folder come first, so that they win the match. */
const elements = layers
  .flatMap(({ type, folders }) => folders.map((pattern) => ({ type, pattern, partialMatch: false })))
  .sort((a, b) => b.pattern.split("/").length - a.pattern.split("/").length);
const policies = layers.map(({ type }, i) => ({
  from: { element: { type } },
  allow: { to: { element: { types: { anyOf: layers.slice(0, i + 1).map((l) => l.type) } } } },
}));
/** A command-line tool (`cli.ts`, `*-cli.ts`) is an entry point like a route: it may use every layer. */
policies.push({ from: { file: { categories: "command-line" } }, allow: { to: { element: { types: { anyOf: layers.map((l) => l.type) } } } } });

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // A leading underscore marks a value left out on purpose (e.g. `const { id: _id, ...rest } = q`).
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": elements,
      "boundaries/files": [{ category: "command-line", pattern: ["**/cli.ts", "**/*-cli.ts"] }],
      "import/resolver": { typescript: { alwaysTryTypes: true }, node: true },
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          policies,
          message: "the {{from.type}} layer may not import the {{to.type}} layer, which is above it (README, Layers)",
        },
      ],
    },
  },
  {
    // Code in a folder that belongs to no layer is an error, so a new folder cannot escape the rule. (The files at
    // the root, instrumentation.ts, proxy.ts and the tools' configurations, are what Next.js and the tools load.)
    files: ["*/**/*.{ts,tsx,mjs}"],
    rules: { "boundaries/no-unknown-files": "error" },
  },
  {
    // The domain model is pure: no framework, database, network or process-wide service.
    files: ["domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next", "next/*", "next-auth", "next-auth/*", "next-intl", "next-intl/*", "react", "react-dom", "server-only", "drizzle-orm", "drizzle-orm/*", "pg", "pg-boss", "@electric-sql/*", "nodemailer", "pino"],
              message: "domain/ is the pure model: frameworks, the database and logging belong to the layers above it (README, Layers).",
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration is read and validated in one module: platform/config.ts (tests, benches and scripts set up processes).
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["platform/config.ts", "tests/**", "bench/**", "scripts/**", "playwright.config.ts", "drizzle.config.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through platform/config.ts (config())." }],
    },
  },
  globalIgnores([".next/**", "out/**", "build/**", "next-env.d.ts", ".data/**", "test-results/**", "playwright-report/**"]),
]);
