// Not a test: the quote-latency benchmark run by scripts/app-bench. Time from a units
// change in the buy form to the contract's new quoted price shown, on the local node.
import { test, expect } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

test("quote latency", async ({ page }) => {
  await page.goto("./#/market");
  await page.getByTestId("offer-1").click();
  await expect(page.getByTestId("quote")).not.toHaveAttribute("data-raw", "");
  const times: number[] = await page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>("[data-testid=units]")!;
    const quote = () => document.querySelector("[data-testid=quote]")!;
    const out: number[] = [];
    for (let i = 0; i < 60; i++) {
      const units = String(2 + (i % 40));
      const before = quote().getAttribute("data-raw");
      const shown = new Promise<number>((resolve) => {
        const mo = new MutationObserver(() => {
          const now = quote().getAttribute("data-raw");
          if (now && now !== before) { mo.disconnect(); requestAnimationFrame(() => resolve(performance.now())); }
        });
        mo.observe(document.body, { attributes: true, subtree: true, childList: true });
      });
      const t0 = performance.now();
      input.value = units;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      out.push((await shown) - t0);
      await new Promise((r) => setTimeout(r, 30));
    }
    return out;
  });
  const s = [...times].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const res = { samples: s.length, median_ms: q(0.5), p90_ms: q(0.9), max_ms: s[s.length - 1], min_ms: s[0] };
  writeFileSync(join(process.env.APP_E2E_OUT ?? "test-results", "quote-latency.json"), JSON.stringify(res, null, 1));
  console.log(`quote latency over ${res.samples} unit changes: median ${res.median_ms.toFixed(1)} ms, p90 ${res.p90_ms.toFixed(1)} ms, max ${res.max_ms.toFixed(1)} ms (target: median at most 300 ms)`);
});
