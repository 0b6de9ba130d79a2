#!/usr/bin/env node
// Timing helpers of bench/resynth.sh (plain CommonJS, no dependencies).
//
//   node bench/timing.js run --runs N --warmup W CASES_JSON
//       CASES_JSON is a file with [{ "name": ..., "cwd": ..., "argv": [...] }, ...]. Runs every case W times untimed,
//       then N rounds in which every case runs once, interleaved (ours, bare, ours, bare, ...), so a change of machine
//       load during the measurement hits all cases alike. stdout/stderr of the commands are discarded; a non-zero exit
//       aborts. Appends one JSON line { name, runs, times } per case to $BENCH_RESULTS.
//   node bench/timing.js hyperfine --name NAME FILE
//       Converts hyperfine's --export-json FILE to the same JSON line.
//   node bench/timing.js table A B
//       Prints a Markdown table of $BENCH_RESULTS: one row per runner, side A (e.g. ours) against side B (e.g. bare).
//   node bench/timing.js summary
//       Prints the two ratios the benchmark is about, ours/bare and installs20/ours, for each runner, with their targets.
'use strict';

const fs = require('fs');
const { spawnSync } = require('child_process');

const RESULTS = process.env.BENCH_RESULTS;

function parseFlags(args) {
  const flags = {};
  while (args.length > 0 && args[0].startsWith('--')) {
    const flag = args.shift();
    if (flag === '--') break;
    flags[flag.slice(2)] = args.shift();
  }
  return { flags, rest: args };
}

function record(name, times) {
  fs.appendFileSync(RESULTS, JSON.stringify({ name, runs: times.length, times }) + '\n');
  console.log(`${name}: ${ms(mean(times))} ± ${ms(stddev(times))} mean, ${ms(median(times))} median (${times.length} runs)`);
}

function timeOnce({ name, cwd, argv }) {
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error || result.status !== 0) {
    // The tail only: tsx's stack traces quote whole lines of minified code.
    const stderr = String(result.stderr ?? '').split('\n').slice(-30).map((line) => line.slice(0, 300)).join('\n');
    process.stderr.write(`${stderr}\n`);
    console.error(`${name}: \`${argv.join(' ')}\` failed in ${cwd} (${result.error ?? `exit ${result.status}`})`);
    process.exit(1);
  }
  return seconds;
}

function run(args) {
  const { flags, rest } = parseFlags(args);
  const cases = JSON.parse(fs.readFileSync(rest[0], 'utf8'));
  const runs = Number(flags.runs ?? 10);
  const warmup = Number(flags.warmup ?? 1);
  for (let i = 0; i < warmup; i++) cases.forEach(timeOnce);
  const times = cases.map(() => []);
  for (let i = 0; i < runs; i++) cases.forEach((c, j) => times[j].push(timeOnce(c)));
  cases.forEach((c, j) => record(c.name, times[j]));
}

function hyperfine(args) {
  const { flags, rest } = parseFlags(args);
  const exported = JSON.parse(fs.readFileSync(rest[0], 'utf8'));
  record(flags.name, exported.results[0].times);
}

const RUNNERS = [
  ['`npx projen`', 'npx'],
  ['`tsx .projenrc.ts`', 'tsx'],
  ['`ts-node` (type-checks)', 'ts-node'],
];

function readResults() {
  return new Map(
    fs.readFileSync(RESULTS, 'utf8').split('\n').filter(Boolean).map((line) => {
      const r = JSON.parse(line);
      return [r.name, r];
    }),
  );
}

function table([a, b]) {
  const results = readResults();
  const out = [
    `| runner | runs | ${a} mean ± sd | ${a} median | ${b} mean ± sd | ${b} median | ${a} − ${b} (median) | ${a}/${b} (mean) | ${a}/${b} (median) |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [label, key] of RUNNERS) {
    const x = results.get(`${a}/${key}`);
    const y = results.get(`${b}/${key}`);
    if (!x || !y) continue;
    const cells = [
      label,
      String(x.runs),
      `${ms(mean(x.times))} ± ${ms(stddev(x.times))}`,
      ms(median(x.times)),
      `${ms(mean(y.times))} ± ${ms(stddev(y.times))}`,
      ms(median(y.times)),
      ms(median(x.times) - median(y.times)),
      ratio(mean(x.times) / mean(y.times)),
      ratio(median(x.times) / median(y.times)),
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  console.log(out.join('\n'));
}

/** The ratios of the medians, against the targets of issue 17. */
function summary() {
  const results = readResults();
  const ratios = [
    { what: 'default repo / bare Project', a: 'ours', b: 'bare', target: 1.25 },
    { what: '20 installs / 1 install', a: 'installs20', b: 'ours', target: 3 },
  ];
  console.log('Ratios of the medians (target in brackets):');
  for (const { what, a, b, target } of ratios) {
    const cells = RUNNERS.flatMap(([, key]) => {
      const x = results.get(`${a}/${key}`);
      const y = results.get(`${b}/${key}`);
      if (!x || !y) return [];
      const r = median(x.times) / median(y.times);
      return [`${key} ${ratio(r)}${r <= target ? '' : ' (over)'}`];
    });
    console.log(`  ${what} (≤ ${ratio(target)}): ${cells.join(', ')}`);
  }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stddev = (xs) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
const ms = (seconds) => `${Math.round(seconds * 1000)} ms`;
const ratio = (r) => `${r.toFixed(2)}×`;

const [mode, ...args] = process.argv.slice(2);
const modes = { run, hyperfine, table, summary };
if (!RESULTS) throw new Error('BENCH_RESULTS is not set');
if (!modes[mode]) throw new Error(`unknown mode ${mode}; expected run, hyperfine, table or summary`);
modes[mode](args);
