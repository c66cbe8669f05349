// Prisma's schema engine as WebAssembly, driven through a driver adapter: migrations without the
// native schema-engine binary that Prisma's CLI would otherwise download.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import type { Provider } from "./schema.ts";

const require = createRequire(import.meta.url);

export type AdapterFactory = Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0];

/** A driver adapter factory for a database URL (`file:` → SQLite, `postgres://` → PostgreSQL). */
export async function adapterFor(provider: Provider, url: string): Promise<AdapterFactory> {
  if (provider === "sqlite") {
    const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
    // The shadow database (where migrate replays history) is a throwaway in-memory one.
    return new PrismaBetterSqlite3({ url: url.replace(/^file:/, "") }, { shadowDatabaseUrl: ":memory:" });
  }
  const { PrismaPg } = await import("@prisma/adapter-pg");
  return new PrismaPg({ connectionString: url });
}

type EngineModule = typeof import("@prisma/schema-engine-wasm");

/**
 * Process-wide state, on globalThis: the wasm-bindgen glue module is shared by everything in the
 * process, so a second instantiation (say, from a copy of this file loaded by a test runner)
 * would swap the WebAssembly memory under a live engine.
 */
const shared = globalThis as unknown as { gatehouseSchemaEngine?: { module: Promise<EngineModule>; free: Promise<void> } };

/**
 * The package entry imports the `.wasm` file as an ES module, which Node refuses; instantiate it
 * by hand the way wasm-bindgen's bundler glue would.
 */
function loadEngineModule(): Promise<EngineModule> {
  const loading = (async () => {
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const compiled = new WebAssembly.Module(readFileSync(path.join(dir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(compiled, { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg as unknown as EngineModule;
  })();
  return loading;
}

function engineState() {
  shared.gatehouseSchemaEngine ??= { module: loadEngineModule(), free: Promise.resolve() };
  return shared.gatehouseSchemaEngine;
}

export interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes every connection it opened (the engine itself never does). */
  close(): Promise<void>;
}


// wasm-bindgen reports Rust panics through this global; without it a panic hides its message.
const panicRegistry = { message: "", set_message(message: string) { this.message = message; } };
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;

/** Opens a schema engine bound to one database; `schema` is the provider's schema text. */
export async function openEngine(provider: Provider, url: string, schema: string): Promise<OpenEngine> {
  // One WebAssembly instance serves the process and it panics when two engines run at once
  // (two test projects migrating side by side), so engines are handed out one at a time.
  const state = engineState();
  const previous = state.free;
  let release!: () => void;
  state.free = new Promise((resolve) => (release = resolve));
  await previous;
  try {
    return await openExclusiveEngine(provider, url, schema, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function openExclusiveEngine(provider: Provider, url: string, schema: string, release: () => void): Promise<OpenEngine> {
  const { SchemaEngine } = await engineState().module;
  const factory = await adapterFor(provider, url);
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const tracking: AdapterFactory = Object.assign(Object.create(factory) as AdapterFactory, {
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  });
  const engine = await SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, bindMigrationAwareSqlAdapterFactory(tracking));
  return {
    engine,
    async close() {
      try {
        engine.free();
        await Promise.all(opened.map((adapter) => adapter.dispose()));
      } finally {
        release();
      }
    },
  };
}
