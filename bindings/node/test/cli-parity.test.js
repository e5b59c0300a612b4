'use strict'
// For every example and fixture, the package's report is the CLI's:
// toJSON() deep-equals, and JSON.stringify(report) is byte for byte, the
// line `kyc-preflight check --format json` prints, whether the body comes
// as a string, a Buffer or a parsed object.

const test = require('node:test')
const assert = require('node:assert/strict')
const os = require('node:os')
const { ruleSet, ruleSets } = require('kyc-preflight')
const { cases, cliCheck, pinned, pool, tmpDir } = require('./helpers.js')

const all = cases()

test('the cases are the examples and the fixtures of embedded rule sets', () => {
  assert.ok(all.filter((c) => c.name.startsWith('examples/')).length >= 5)
  assert.ok(all.filter((c) => c.name.includes('/invalid/')).length >= 400)
  const ids = new Set(all.map((c) => c.ruleSet))
  assert.ok(ids.size >= 5)
  for (const id of ids) assert.ok(ruleSets().includes(id), `${id} is embedded`)
})

test('toJSON() equals `check --format json` for every example and fixture', async (t) => {
  const dir = tmpDir()
  const jobs = Math.max(2, os.availableParallelism?.() ?? 2) * 2
  const outputs = await pool(all, jobs, (c) => cliCheck(c, dir))
  let compared = 0
  for (const [i, c] of all.entries()) {
    const rules = ruleSet(c.ruleSet)
    const options = { today: c.today }
    if (c.headers && Object.keys(c.headers).length > 0) options.headers = c.headers
    const line = outputs[i]
    const want = JSON.parse(line)
    for (const [kind, body] of [
      ['string', c.text],
      ['Buffer', Buffer.from(c.text)],
      ['object', JSON.parse(c.text)],
    ]) {
      const report = rules.check(body, options)
      assert.deepStrictEqual(report.toJSON(), want, `${c.name} (${kind})`)
      assert.equal(JSON.stringify(report), line, `${c.name} (${kind}): the JSON text`)
      compared++
    }
  }
  assert.equal(compared, all.length * 3)
  t.diagnostic(`${all.length} cases, ${compared} reports compared with the CLI`)
})

test('invalid fixtures produce exactly the findings they pin (as tests/fixtures.rs reads them)', () => {
  let checked = 0
  for (const c of all.filter((c) => c.expected !== undefined)) {
    const report = ruleSet(c.ruleSet).check(c.text, { today: c.today, headers: c.headers })
    assert.deepStrictEqual(report.findings.map(pinned), c.expected, c.name)
    checked++
  }
  assert.ok(checked > 500, `${checked} fixtures`)
})

test('the report view matches its JSON', () => {
  const c = all.find((c) => c.name === 'examples/kira/individual-usa-mistakes.json')
  assert.ok(c, 'the mistakes example exists')
  const report = ruleSet('kira/create-user').check(c.text, { today: c.today })
  const json = report.toJSON()
  assert.equal(report.ruleSet, json.rule_set)
  assert.equal(report.variant, json.variant)
  assert.deepStrictEqual({ ...report.gates }, json.gates)
  assert.deepStrictEqual(
    report.findings.map(({ source, ...rest }) => rest),
    json.findings,
  )
  for (const f of report.findings) {
    assert.equal(typeof f.source, 'string')
    assert.ok(f.source.length > 0, `${f.rule} has a source`)
  }
  assert.deepStrictEqual(report.errors, report.findings.filter((f) => f.severity === 'error'))
  assert.equal(report.passed(), Object.values(json.gates).every(Boolean))
  for (const [gate, passed] of Object.entries(json.gates)) assert.equal(report.passed(gate), passed)
})
