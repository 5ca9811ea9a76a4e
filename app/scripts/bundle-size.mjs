// The production bundle's first-load JavaScript, gzipped: the entry script of
// dist/index.html plus every chunk it preloads (lazy chunks are listed apart).
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const first = new Set([...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
const all = readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js")).map((f) => `assets/${f}`);
const size = (f) => gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
let firstTotal = 0, lazyTotal = 0;
for (const f of all) {
  const gz = size(f);
  if (first.has(f)) firstTotal += gz; else lazyTotal += gz;
  console.log(`  ${first.has(f) ? "first load" : "lazy      "} ${f.padEnd(40)} ${(gz / 1024).toFixed(1).padStart(7)} KB gzipped`);
}
const limit = 400;
console.log(`first-load JavaScript: ${(firstTotal / 1024).toFixed(1)} KB gzipped (target at most ${limit} KB) ${firstTotal / 1024 <= limit ? "OK" : "OVER"}; lazy chunks ${(lazyTotal / 1024).toFixed(1)} KB`);
