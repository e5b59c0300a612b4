// Side by side, in one run, on one JSON Lines corpus of Kira create-user
// bodies: the package's check and checkMany, the CLI's `check` (a process
// per body) and `batch`, and ajv validating the JSON Schema that
// `kyc-preflight rules schema kira/create-user` exports.
//
//   cargo build --release --bin kyc-preflight
//   cargo run --release -p kyc-preflight-testkit --bin gen_corpus -- --seed 42 --count 20000 --kind mixed /tmp/out.jsonl
//   (cd bindings/node && npm run build && node bench/bench.mjs /tmp/out.jsonl)
//
// Options: --cli PATH (default <repo>/target/release/kyc-preflight),
// --rounds N (default 5; medians are printed), --cli-checks N (bodies
// checked by one `check` process each; default 200).

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { ruleSet } from 'kyc-preflight'

const require = createRequire(import.meta.url)
const Ajv2020 = require('ajv/dist/2020').default
const addFormats = require('ajv-formats').default

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '..', '..', '..')

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  if (i === -1) return fallback
  const value = args[i + 1]
  args.splice(i, 2)
  return value
}
const cliPath = option('--cli', path.join(repo, 'target', 'release', 'kyc-preflight'))
const rounds = Number(option('--rounds', '5'))
const cliChecks = Number(option('--cli-checks', '200'))
const corpus = args[0]
if (!corpus) {
  console.error('usage: node bench/bench.mjs CORPUS.jsonl [--cli PATH] [--rounds N] [--cli-checks N]')
  process.exit(2)
}
if (!fs.existsSync(cliPath)) {
  console.error(`${cliPath} not found: cargo build --release --bin kyc-preflight`)
  process.exit(2)
}

const ID = 'kira/create-user'
const TODAY = '2026-01-01'
const options = { today: TODAY }
const text = fs.readFileSync(corpus, 'utf8')
const lines = text.split('\n').filter((l) => l !== '')
const objects = lines.map((l) => JSON.parse(l))
const bytes = Buffer.byteLength(text)
const rules = ruleSet(ID)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
const now = () => Number(process.hrtime.bigint()) / 1e6 // ms

/** Median ms of `rounds` runs of `fn` over the corpus. */
async function timed(fn) {
  await fn() // warm-up
  const times = []
  for (let r = 0; r < rounds; r++) {
    const t0 = now()
    await fn()
    times.push(now() - t0)
  }
  return median(times)
}

/** Per-call latencies (µs) of `fn(i)` over the corpus: p50 and p99. */
function latencies(fn) {
  const us = new Float64Array(lines.length)
  for (let i = 0; i < lines.length; i++) {
    const t0 = process.hrtime.bigint()
    fn(i)
    us[i] = Number(process.hrtime.bigint() - t0) / 1e3
  }
  us.sort()
  return { p50: us[Math.floor(us.length * 0.5)], p99: us[Math.floor(us.length * 0.99)] }
}

// The JSON Schema route: the schema the CLI exports, ajv with every error.
const schemaOut = spawnSync(cliPath, ['rules', 'schema', ID], { encoding: 'utf8', maxBuffer: 64 << 20 })
if (schemaOut.status !== 0) throw new Error(schemaOut.stderr)
const schema = JSON.parse(schemaOut.stdout)
const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormats(ajv)
const validate = ajv.compile(schema)

// Sanity: the package and `batch` agree on every line before anything is timed.
const batchOut = spawnSync(cliPath, ['batch', '--rules', ID, '--today', TODAY, '--no-progress', corpus], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
})
const batchLines = batchOut.stdout.split('\n').filter((l) => l !== '')
const many = await rules.checkMany(lines, options)
let agree = batchLines.length === lines.length
for (let i = 0; agree && i < lines.length; i++) agree = JSON.stringify(many[i]) === batchLines[i]
if (!agree) throw new Error('checkMany and batch disagree')
let requestPass = 0
let ajvValid = 0
for (let i = 0; i < lines.length; i++) {
  if (many[i].passed('request')) requestPass++
  if (validate(objects[i])) ajvValid++
}

function runBatch(jobs) {
  return new Promise((resolve, reject) => {
    const child = spawn(cliPath, ['batch', '--rules', ID, '--today', TODAY, '--no-progress', '--jobs', String(jobs), corpus], {
      stdio: ['ignore', 'ignore', 'ignore'],
    })
    child.on('error', reject)
    child.on('exit', (code) => (code === 2 ? reject(new Error('batch failed')) : resolve()))
  })
}

const n = lines.length
const results = []
const row = (what, ms, note, lat) =>
  results.push({ what, usPer: (ms * 1000) / n, perSec: n / (ms / 1000), mbPerSec: bytes / 1e6 / (ms / 1000), note, lat })

row('package `check(string)`, one thread', await timed(() => { for (const l of lines) rules.check(l, options) }), 'report with every finding', latencies((i) => rules.check(lines[i], options)))
row('package `check(Buffer)`, one thread', await timed(() => { for (const l of lines) rules.check(Buffer.from(l), options) }), 'incl. Buffer.from', undefined)
row('package `check(object)`, one thread', await timed(() => { for (const o of objects) rules.check(o, options) }), 'incl. JSON.stringify', latencies((i) => rules.check(objects[i], options)))
row('package `~standard.validate(object)`', await timed(() => { const v = rules.standardSchema(options)['~standard'].validate; for (const o of objects) v(o) }), 'issues for every gate', undefined)
row('ajv `validate(object)`, one thread', await timed(() => { for (const o of objects) validate(o) }), 'request gate only; allErrors', latencies((i) => validate(objects[i])))
row('ajv `validate(JSON.parse(string))`', await timed(() => { for (const l of lines) validate(JSON.parse(l)) }), 'request gate only; allErrors', latencies((i) => validate(JSON.parse(lines[i]))))
row('package `checkMany(strings)`', await timed(() => rules.checkMany(lines, options)), `libuv pool (${process.env.UV_THREADPOOL_SIZE ?? 4} threads)`, undefined)
row('CLI `batch --jobs 1`', await timed(() => runBatch(1)), 'a process; reports to /dev/null', undefined)
row('CLI `batch --jobs 2`', await timed(() => runBatch(2)), 'a process; reports to /dev/null', undefined)

// The CLI's `check`: one process per body, on the first bodies of the corpus.
const some = lines.slice(0, cliChecks)
const cliCheck = () => {
  for (const l of some) {
    spawnSync(cliPath, ['check', '--rules', ID, '--format', 'json', '--today', TODAY, '-'], { input: l, stdio: ['pipe', 'ignore', 'ignore'] })
  }
}
cliCheck()
const cliTimes = []
for (let r = 0; r < Math.min(rounds, 3); r++) {
  const t0 = now()
  cliCheck()
  cliTimes.push(now() - t0)
}
const cliMs = median(cliTimes)

const fmt = (x, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
console.log(`corpus: ${corpus}: ${n} bodies, ${fmt(bytes / 1e6)} MB (${fmt(bytes / n / 1000)} KB each)`)
console.log(`request gate passes: package ${requestPass}, ajv valid ${ajvValid} (of ${n}); checkMany == batch on every line`)
console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${rounds} rounds, medians`)
console.log()
console.log('| what | µs per body | p50 µs | p99 µs | bodies/s | MB/s | note |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
for (const r of results) {
  console.log(`| ${r.what} | ${fmt(r.usPer, 2)} | ${r.lat ? fmt(r.lat.p50, 2) : ''} | ${r.lat ? fmt(r.lat.p99, 2) : ''} | ${fmt(r.perSec, 0)} | ${fmt(r.mbPerSec)} | ${r.note} |`)
}
console.log(`| CLI \`check\`, a process per body | ${fmt((cliMs * 1000) / some.length, 0)} | | | ${fmt(some.length / (cliMs / 1000), 0)} | | ${some.length} bodies, process start included |`)
