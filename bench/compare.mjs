// Side-by-side throughput on the same workload (bench/workload.json), in one run:
// our engine natively (`iamplay bench`), our engine in WebAssembly (Node), and the
// outside oracle @cloud-copilot/iam-simulate. Writes the table into README.md
// between <!-- bench:start --> and <!-- bench:end -->.
//
//   make bench        (builds what it needs, then runs this)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const workloadText = readFileSync(`${root}bench/workload.json`, 'utf8');
const workload = JSON.parse(workloadText);
const pairs = workload.ActionNames.length * (workload.ResourceArns?.length ?? 1);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

// 1. Native, one core.
const native = JSON.parse(
  execFileSync(`${root}target/release/iamplay`, ['bench', '--input', `${root}bench/workload.json`, '--seconds', '3']).toString(),
);

// 2. WebAssembly in Node (same engine, wasm-bindgen --target nodejs build).
const require = createRequire(import.meta.url);
const wasm = require(`${root}target/bench-wasm/iam_wasm.js`);
wasm.benchmark(workloadText, 2000); // warm up
const wasmRuns = [0, 1, 2].map(() => wasm.benchmark(workloadText, 40000));
const wasmRate = wasmRuns.sort((a, b) => a - b)[1];

// 3. The oracle, in-process, on the same pairs.
const { evaluate } = await import(`${root}tests/differential/oracle.mjs`);
const reference = await evaluate(workload);
let decisions = 0;
const start = performance.now();
while (performance.now() - start < 3000) {
  await evaluate(workload);
  decisions += pairs;
}
const oracleRate = decisions / ((performance.now() - start) / 1000);

// The engines must agree on this workload for the comparison to mean anything.
const ours = JSON.parse(execFileSync(`${root}target/release/iamplay`, ['simulate', '--input', `${root}bench/workload.json`]).toString());
const disagreements = ours.EvaluationResults.filter((r, i) => r.EvalDecision !== reference.results[i].decision).length;

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const table = [
  `Workload: \`bench/workload.json\` — 10 identity policies × 10 statements (wildcards, NotAction, conditions, variables), 3 SCP levels, a cross-account bucket policy, a permissions boundary; ${pairs} action × resource pairs (${workload.ActionNames.length} actions × ${workload.ResourceArns.length} objects). Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, one core; engines agree on ${pairs - disagreements} of ${pairs} pairs.`,
  '',
  '| engine | decisions/s | vs oracle |',
  '|---|---:|---:|',
  `| iamplay, native (\`iamplay bench\`, fast path) | ${fmt(native.decisions_per_second)} | ${fmt(native.decisions_per_second / oracleRate)}× |`,
  `| iamplay, WebAssembly in Node (\`iam-wasm\` \`benchmark\`) | ${fmt(wasmRate)} | ${fmt(wasmRate / oracleRate)}× |`,
  `| @cloud-copilot/iam-simulate 0.1.173 (Node, in-process) | ${fmt(oracleRate)} | 1× |`,
  '',
  `Compiling the workload's policies takes ${native.compile_ms.toFixed(2)} ms natively.`,
].join('\n');
console.log(table);

const readmePath = `${root}README.md`;
const readme = readFileSync(readmePath, 'utf8');
const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
if (marked.test(readme)) {
  writeFileSync(readmePath, readme.replace(marked, `<!-- bench:start -->\n${table}\n<!-- bench:end -->`));
  console.log('\nREADME.md updated.');
}
if (disagreements > 0) {
  console.error(`warning: the engines disagree on ${disagreements} pairs of the workload`);
}
