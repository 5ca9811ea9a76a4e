// The one generation script of the typed clients: `npm run generate` rewrites
// src/generated/ from the committed JSON schema in ../../schema/ with the pinned
// @cosmwasm/ts-codegen; `npm run check-generated` (`--check`) generates into a temporary
// folder and fails when anything differs from src/generated/ (the drift check, like
// `cargo schema` for schema/).
//
// Two deterministic touches on top of ts-codegen:
// * schema: an inline object property without a title (a map such as the offer's `qos`)
//   gets one (`<Struct><Prop>`), since ts-codegen's client builder cannot type it otherwise;
//   the patched copy lives in a temporary folder, schema/ is only read;
// * output: relative imports get their `.js` extension (ESM under Node), and an index.ts
//   exports each contract as a namespace (the contracts share type names).
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import tsCodegen from '@cosmwasm/ts-codegen';

const codegen = tsCodegen.default ?? tsCodegen;
const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
const schemaRoot = resolve(pkg, '../../schema');
const target = join(pkg, 'src/generated');
const check = process.argv.includes('--check');

// schema folder -> TypeScript name. Every folder of schema/ must be listed (checked below).
const CONTRACTS = {
  'bandwidth-market': 'BandwidthMarket',
  'auction-clearing': 'AuctionClearing',
  'spectrum-lease': 'SpectrumLease',
  'unlicensed-pool': 'UnlicensedPool',
  'node-reputation': 'NodeReputation',
  'cw20-base': 'Cw20Base',
};

const pascal = (s) => s.replace(/(^|_)([a-z0-9])/g, (_, __, c) => c.toUpperCase());

function titleInlineObjects(schema) {
  const visit = (node, owner) => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, owner));
    if (!node || typeof node !== 'object') return;
    if (node.properties && typeof node.properties === 'object') {
      const name = node.title ?? owner;
      for (const [prop, ps] of Object.entries(node.properties)) {
        const types = Array.isArray(ps.type) ? ps.type : [ps.type];
        if (types.includes('object') && !ps.title && !ps.properties && name) {
          ps.title = `${name}${pascal(prop)}`;
        }
      }
    }
    for (const [k, v] of Object.entries(node)) {
      visit(v, k === 'definitions' ? undefined : owner);
      if (k === 'definitions' && v && typeof v === 'object') {
        for (const [defName, def] of Object.entries(v)) visit(def, defName);
      }
    }
  };
  visit(schema, undefined);
  return schema;
}

function fixImports(src) {
  return src.replace(/(from\s+["'])(\.\.?\/[^"']+?)(["'])/g, (m, a, p, b) =>
    p.endsWith('.js') ? m : `${a}${p}.js${b}`,
  );
}

function listFiles(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')).sort() : [];
}

async function generate(out) {
  const folders = readdirSync(schemaRoot).sort();
  const unknown = folders.filter((f) => !(f in CONTRACTS));
  const missing = Object.keys(CONTRACTS).filter((f) => !folders.includes(f));
  if (unknown.length || missing.length) {
    throw new Error(`schema/ folders and CONTRACTS differ: unknown ${unknown}, missing ${missing}`);
  }
  const work = mkdtempSync(join(tmpdir(), 'spectrum-codegen-'));
  try {
    const contracts = [];
    for (const [folder, name] of Object.entries(CONTRACTS)) {
      const dir = join(work, 'schema', folder);
      mkdirSync(dir, { recursive: true });
      const file = `${folder}.json`;
      const schema = JSON.parse(readFileSync(join(schemaRoot, folder, file), 'utf8'));
      writeFileSync(join(dir, file), JSON.stringify(titleInlineObjects(schema)));
      contracts.push({ name, dir });
    }
    const raw = join(work, 'out');
    await codegen({
      contracts,
      outPath: raw,
      options: {
        bundle: { enabled: false },
        types: { enabled: true, itemsUseTuples: false },
        client: { enabled: true },
        messageComposer: { enabled: false },
        messageBuilder: { enabled: false },
        reactQuery: { enabled: false },
        recoil: { enabled: false },
        useContractsHook: { enabled: false },
      },
    });
    mkdirSync(out, { recursive: true });
    for (const f of listFiles(raw)) {
      writeFileSync(join(out, f), fixImports(readFileSync(join(raw, f), 'utf8')));
    }
    const index = [
      '// Written by scripts/generate.mjs: every contract as a namespace (types and clients).',
      ...Object.values(CONTRACTS).map(
        (name) => `export * as ${name} from './${name}.client.js';\nexport * as ${name}Types from './${name}.types.js';`,
      ),
      '',
    ].join('\n');
    writeFileSync(join(out, 'index.ts'), index);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (check) {
  const tmp = mkdtempSync(join(tmpdir(), 'spectrum-generated-'));
  try {
    await generate(tmp);
    const a = listFiles(target);
    const b = listFiles(tmp);
    const diffs = [...new Set([...a, ...b])].filter(
      (f) => !a.includes(f) || !b.includes(f) || readFileSync(join(target, f), 'utf8') !== readFileSync(join(tmp, f), 'utf8'),
    );
    if (diffs.length) {
      console.error(`src/generated/ differs from a fresh generation from schema/: ${diffs.join(', ')}`);
      console.error('run `npm run generate` in packages/spectrum-client and commit the result');
      process.exit(1);
    }
    console.log(`src/generated/ matches schema/ (${b.length} files)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  rmSync(target, { recursive: true, force: true });
  await generate(target);
  console.log(`wrote src/generated/ (${listFiles(target).length} files)`);
}
