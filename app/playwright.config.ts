import { defineConfig } from "@playwright/test";

// Driven by scripts/app-e2e (a real local wasmd node, the real artifacts, the demo's state).
// Debian's Chromium, headless: Playwright's own browser download is not used.
export default defineConfig({
  testDir: "e2e",
  timeout: 240_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: process.env.APP_E2E_OUT ? `${process.env.APP_E2E_OUT}/playwright` : "test-results",
  use: {
    baseURL: process.env.APP_URL ?? "http://127.0.0.1:5173/",
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-dev-shm-usage"] },
  },
});
