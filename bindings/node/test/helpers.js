'use strict'
// Shared by the tests: the repository's examples and fixtures as cases, and
// the CLI to compare against.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFile } = require('node:child_process')
const { applyPatch } = require('fast-json-patch')

const REPO = path.resolve(__dirname, '..', '..', '..')
const TODAY = '2026-01-01'

/** The CLI built by `cargo build --bin kyc-preflight` (test.sh sets KYC_PREFLIGHT_CLI). */
function cliPath() {
  const cli = process.env.KYC_PREFLIGHT_CLI || path.join(REPO, 'target', 'debug', 'kyc-preflight')
  if (!fs.existsSync(cli)) {
    throw new Error(`${cli} not found: run \`cargo build --bin kyc-preflight\` or set KYC_PREFLIGHT_CLI`)
  }
  return cli
}

/** Run the CLI; resolves to { code, stdout, stderr } whatever the exit status. */
function cli(args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(cliPath(), args, { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error)
      resolve({ code: error ? error.code : 0, stdout, stderr })
    })
    if (input !== undefined) child.stdin.end(input)
  })
}

/** Run `jobs` at a time. */
async function pool(items, jobs, fn) {
  const out = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker))
  return out
}

function jsonFiles(dir) {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f))
}

function dirs(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}

/**
 * Every example and fixture as a case: { name, ruleSet, text, headers,
 * today, expected }. `text` is the body's JSON text; `expected` the
 * findings an invalid fixture pins (as tests/fixtures.rs reads them).
 */
function cases() {
  const out = []
  for (const file of jsonFiles(path.join(REPO, 'examples', 'kira'))) {
    out.push({
      name: path.relative(REPO, file),
      ruleSet: 'kira/create-user',
      text: fs.readFileSync(file, 'utf8'),
      today: TODAY,
    })
  }
  const root = path.join(REPO, 'tests', 'fixtures')
  for (const provider of dirs(root)) {
    for (const endpoint of dirs(path.join(root, provider))) {
      const dir = path.join(root, provider, endpoint)
      const ruleSet = `${provider}/${endpoint}`
      for (const file of jsonFiles(path.join(dir, 'valid'))) {
        out.push({ name: path.relative(REPO, file), ruleSet, text: fs.readFileSync(file, 'utf8'), today: TODAY, expected: [] })
      }
      for (const file of jsonFiles(path.join(dir, 'invalid'))) {
        const spec = JSON.parse(fs.readFileSync(file, 'utf8'))
        const base = JSON.parse(fs.readFileSync(path.join(dir, 'valid', spec.base), 'utf8'))
        const body = applyPatch(base, spec.patch, true, true).newDocument
        out.push({
          name: path.relative(REPO, file),
          ruleSet,
          text: JSON.stringify(body, null, 2),
          headers: spec.headers,
          today: spec.today ?? TODAY,
          expected: spec.findings,
        })
      }
    }
  }
  return out
}

/** The CLI's `check --format json` of a case (its stdout, one line). */
async function cliCheck(c, dir) {
  const file = path.join(dir, `${c.name.replace(/[\/\\]/g, '_')}`)
  fs.writeFileSync(file, c.text)
  const args = ['check', '--rules', c.ruleSet, '--format', 'json', '--today', c.today]
  for (const [name, value] of Object.entries(c.headers ?? {})) args.push('--header', `${name}:${value}`)
  args.push(file)
  const { code, stdout, stderr } = await cli(args)
  if (code === 2) throw new Error(`${c.name}: the CLI could not check it: ${stderr}`)
  return stdout.trimEnd()
}

/** The fields tests/fixtures.rs compares: path, code, gate; severity and in when not error and body. */
function pinned(finding) {
  const v = { path: finding.path, code: finding.code, gate: finding.gate }
  if (finding.severity !== 'error') v.severity = finding.severity
  if (finding.in !== 'body') v.in = finding.in
  return v
}

function tmpDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-preflight-node-'))
}

module.exports = { REPO, TODAY, cases, cli, cliCheck, pinned, pool, tmpDir }
