// Parse Mermaid files with Mermaid's own parser (the one GitHub renders with), in
// node with jsdom standing in for the browser. Prints "ok FILE" or "error FILE: why"
// per file; exits 1 if any file fails. Used by tests/test_graph.py.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, "utf8"));
    console.log(`ok ${file} ${result.diagramType}`);
  } catch (err) {
    failed += 1;
    console.log(`error ${file}: ${String(err && err.message ? err.message : err).split("\n").join(" | ")}`);
  }
}
process.exit(failed ? 1 : 0);
