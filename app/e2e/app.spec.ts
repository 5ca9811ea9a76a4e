// The browser end-to-end run: Debian's Chromium drives the built app against a real
// local wasmd node with the real artifacts deployed and the demo scenario on chain.
import { test, expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

const OUT = process.env.APP_E2E_OUT ?? "test-results";
const SHOTS = join(OUT, "screens");
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function connect(page: Page, key: string) {
  const disconnect = page.getByRole("button", { name: "Disconnect" });
  if (await disconnect.isVisible()) await disconnect.click();
  await page.getByTestId("dev-key").selectOption(key);
  await page.getByTestId("connect-dev").click();
  await expect(page.getByTestId("wallet-kind")).toHaveText("DEVELOPMENT SIGNER");
  await expect(page.getByTestId("balance")).not.toHaveAttribute("data-raw", "");
}
const balance = async (page: Page) => BigInt((await page.getByTestId("balance").getAttribute("data-raw")) || "0");
const quoted = async (page: Page) => (await page.getByTestId("quote").getAttribute("data-raw")) || "";

test("the dApp against a real local node", async ({ page }) => {
  const started = Date.now();
  page.on("pageerror", (e) => console.log("page error:", e.message));

  await test.step("a browser with no wallet gets an explanation", async () => {
    await page.goto("./#/market");
    await expect(page.getByTestId("no-wallet")).toContainText("No wallet found");
    await expect(page.getByTestId("offer-1")).toBeVisible();
    await shot(page, "market-no-wallet");
  });

  await test.step("connect the development signer; the demo's offer is listed", async () => {
    await connect(page, "consumer");
    await expect(page.getByTestId("dev-banner")).toContainText("local chain");
    await expect(page.getByTestId("offer-1")).toContainText("3.55 GHz");
    await expect(page.getByTestId("offer-1")).toContainText("9q8yy");
    await page.getByTestId("offer-1").click();
  });

  await test.step("changing units changes the exact quoted price", async () => {
    const units = page.getByTestId("units");
    await units.fill("1");
    await expect(page.getByTestId("quote")).toHaveAttribute("data-raw", "1000");
    await units.fill("3");
    await expect(page.getByTestId("quote")).toHaveAttribute("data-raw", "2710");
    await expect(page.getByTestId("quote")).toContainText("0.00271 BAND");
  });

  await test.step("bad input is refused next to the field, before signing", async () => {
    const units = page.getByTestId("units");
    await units.fill("-2");
    await expect(page.getByTestId("units-error")).toContainText("negative");
    await expect(page.getByTestId("buy-button")).toBeDisabled();
    await units.fill("1.5");
    await expect(page.getByTestId("units-error")).toContainText("whole number");
    await page.getByTestId("mode-keys").check();
    await page.getByTestId("keys").fill("AAAAnotakey");
    await expect(page.getByTestId("keys-error")).toContainText("unparsable key");
    await page.getByTestId("keys-file").setInputFiles({ name: "empty.txt", mimeType: "text/plain", buffer: Buffer.from("") });
    await expect(page.getByTestId("keys-error")).toContainText("empty");
    const many = Array.from({ length: 1001 }, () => Buffer.concat([Buffer.from([2]), randomBytes(32)]).toString("base64")).join("\n");
    await page.getByTestId("keys-file").setInputFiles({ name: "keys.txt", mimeType: "text/plain", buffer: Buffer.from(many) });
    await expect(page.getByTestId("keys-error")).toContainText("more than the market's maximum of 1000");
    await expect(page.getByTestId("buy-button")).toBeDisabled();
    await shot(page, "market-validation");
    await page.getByTestId("mode-units").check();
    await page.getByTestId("units").fill("3");
    await expect(page.getByTestId("quote")).toHaveAttribute("data-raw", "2710");
  });

  await test.step("buy: the grant appears and the balance falls by exactly the price", async () => {
    const before = await balance(page);
    const grantsBefore = Number((await page.getByTestId("grants").getAttribute("data-count")) ?? "0");
    await page.getByTestId("buy-button").click();
    await expect(page.getByTestId("tx-progress")).toBeVisible();
    await expect(page.getByTestId("tx-progress")).toHaveAttribute("data-stage", "committed");
    await expect(page.getByTestId("bought")).toContainText("0.00271 BAND");
    await expect.poll(() => balance(page)).toBe(before - 2710n);
    await expect(page.getByTestId("grants")).toHaveAttribute("data-count", String(grantsBefore + 1));
    await shot(page, "market");
  });

  await test.step("a stale offer version shows the stale-version error and charges nothing", async () => {
    const version = execFileSync("python3", [fileURLToPath(new URL("./helper.py", import.meta.url)), "update-offer", "1", "provider"],
      // npm and npx set NODE to the node binary: the chain's RPC comes as CHAIN_NODE
      { encoding: "utf8", env: { ...process.env, NODE: process.env.CHAIN_NODE } }).trim();
    expect(Number(version)).toBeGreaterThan(1);
    const before = await balance(page);
    await page.getByTestId("units").fill("2");
    await expect(page.getByTestId("quote")).toHaveAttribute("data-raw", "1900");
    await page.getByTestId("buy-button").click();
    await expect(page.getByTestId("error")).toContainText("StaleVersion");
    await expect(page.getByTestId("error")).toContainText(`is at version ${version}, not`);
    await shot(page, "market-stale-version");
    await page.reload();
    await connect(page, "consumer");
    expect(await balance(page)).toBe(before);
  });

  await test.step("an auction goes from commit to reveal to clearing", async () => {
    await page.goto("./#/auctions");
    await connect(page, "provider");
    await page.getByTestId("bid-secs").fill("18");
    await page.getByTestId("reveal-secs").fill("12");
    await page.getByTestId("create-auction-button").click();
    await expect(page.getByTestId("create-auction").getByTestId("tx-progress")).toHaveAttribute("data-stage", "committed");
    const detail = page.getByTestId("auction-detail");
    const title = await detail.locator("h2").textContent();
    const auctionId = Number(/Auction (\d+)/.exec(title ?? "")![1]);

    // bidder2 commits, then its salt is lost (browser storage cleared)
    await connect(page, "bidder2");
    await page.getByTestId("bid-price").fill("0.00025");
    await page.getByTestId("commit-button").click();
    await expect(detail.getByTestId("tx-progress")).toHaveAttribute("data-stage", "committed");
    await expect(page.getByTestId("salt-backup")).toContainText("Back up your salt");
    await page.evaluate((id) => { for (const k of Object.keys(localStorage)) if (k.includes(`:${id}:`) && k.endsWith(document.querySelector("[data-testid=address]")!.getAttribute("title")!)) localStorage.removeItem(k); }, auctionId);

    // bidder1 commits 0.0003 with a bigger deposit
    await connect(page, "bidder1");
    await page.getByTestId("bid-price").fill("0.0003");
    await page.getByTestId("bid-deposit").fill("0.0004");
    await page.getByTestId("commit-button").click();
    await expect(detail.getByTestId("tx-progress")).toHaveAttribute("data-stage", "committed");
    await expect(page.getByTestId("salt-backup")).toBeVisible();
    await shot(page, "auctions-commit");

    // the reveal window: bidder2's lost salt is named next to the field
    await connect(page, "bidder2");
    await page.reload();
    await connect(page, "bidder2");
    await page.getByTestId(`auction-${auctionId}`).click();
    await expect(page.getByTestId("reveal-form")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("salt-error")).toContainText("lost");
    await expect(page.getByTestId("reveal-button")).toBeDisabled();
    await shot(page, "auctions-salt-lost");

    await connect(page, "bidder1");
    await expect(page.getByTestId("reveal-button")).toBeEnabled({ timeout: 30_000 });
    await page.getByTestId("reveal-button").click();
    await expect(page.getByTestId("bids").locator("tr", { hasText: "(you)" })).toContainText("yes");

    await expect(page.getByTestId("clear-button")).toBeVisible({ timeout: 40_000 });
    const before = await balance(page);
    await page.getByTestId("clear-button").click();
    await expect(page.getByTestId(`auction-${auctionId}`).getByTestId("auction-status")).toContainText("cleared", { timeout: 30_000 });
    await expect(page.getByTestId(`auction-${auctionId}`).getByTestId("auction-result")).toContainText("settled, clearing price 0.0001 BAND");
    // bidder1 won one unit at the second price (the minimum, 100): deposit 400 back less 100
    await expect.poll(() => balance(page)).toBe(before + 300n);
    await shot(page, "auctions");
  });

  await test.step("pool: members claim, the charts render with data", async () => {
    const helper = fileURLToPath(new URL("./helper.py", import.meta.url));
    execFileSync("python3", [helper, "start-round"], { encoding: "utf8", env: { ...process.env, NODE: process.env.CHAIN_NODE } });
    await page.goto("./#/pool");
    for (const [key, mhz, slots] of [["operator1", "20", "4"], ["operator2", "10", "4"], ["operator1", "30", "2"]]) {
      await connect(page, key);
      await page.getByTestId("claim-mhz").fill("-5");
      await expect(page.getByTestId("claim-mhz-error")).toContainText("negative");
      await page.getByTestId("claim-mhz").fill(mhz);
      await page.getByTestId("claim-slots").fill(slots);
      await page.getByTestId("claim-button").click();
      await expect(page.getByTestId("tx-progress")).toHaveAttribute("data-stage", "committed");
    }
    const chart = page.getByTestId("pool-throughput-chart");
    await expect(chart.locator("svg")).toBeVisible();
    await expect.poll(async () => Number(await chart.getAttribute("data-points"))).toBeGreaterThanOrEqual(8);
    expect(Number(await page.getByTestId("pool-balance-chart").getAttribute("data-points"))).toBeGreaterThan(2);
    await expect(page.getByTestId("pool-members")).toContainText("tokens");
    await shot(page, "pool");
  });

  await test.step("leases: licenses, capacity and the on-chain equilibrium chart", async () => {
    await page.goto("./#/leases");
    await expect(page.getByTestId("licenses")).toContainText("helsinki-7");
    await expect(page.getByTestId("equilibrium-chart")).toHaveAttribute("data-points", /^[1-9]\d*$/);
    await expect(page.getByTestId("capacity-chart")).toHaveAttribute("data-points", /^[1-9]\d*$/);
    await expect(page.getByTestId("interference-summary")).toContainText("1 reports");
    await shot(page, "leases");
  });

  await test.step("reputation: nodes ranked, qualification", async () => {
    await page.goto("./#/reputation");
    await expect(page.getByTestId("top-nodes")).toContainText("suspended");
    const keys = await page.evaluate(async () => (await (await fetch("./config/chain.json")).json()).devKeys);
    const addr = (name: string) => keys.find((k: any) => k.name === name).address;
    await page.getByTestId("pair-operator").fill(addr("consumer"));
    await page.getByTestId("pair-node").fill(addr("provider2"));
    await page.getByTestId("pair-button").click();
    await expect(page.getByTestId("pair-result")).toContainText("0 positive, 3 negative");
    await shot(page, "reputation");
  });
  console.log(`browser run: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
