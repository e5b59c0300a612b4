'use strict'
// checkMany gives the reports `kyc-preflight batch` prints, in order,
// including lines that cannot be checked.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { ruleSet } = require('kyc-preflight')
const { cases, cli, tmpDir, TODAY } = require('./helpers.js')

async function compare(id, lines) {
  const file = path.join(tmpDir(), 'batch.jsonl')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  const { code, stdout, stderr } = await cli(['batch', '--rules', id, '--today', TODAY, '--no-progress', file])
  assert.notEqual(code, 2, stderr)
  const want = stdout.split('\n').filter((l) => l !== '')
  assert.equal(want.length, lines.length)
  const reports = await ruleSet(id).checkMany(lines, { today: TODAY })
  assert.equal(reports.length, lines.length)
  for (const [i, report] of reports.entries()) {
    assert.equal(JSON.stringify(report), want[i], `${id} line ${i + 1}`)
  }
  // Buffers and parsed objects give the same reports.
  const parsable = lines.filter((l) => {
    try {
      const v = JSON.parse(l)
      return v !== null && typeof v === 'object' && !Array.isArray(v)
    } catch {
      return false
    }
  })
  const fromObjects = await ruleSet(id).checkMany(parsable.map((l) => JSON.parse(l)), { today: TODAY })
  const fromBuffers = await ruleSet(id).checkMany(parsable.map((l) => Buffer.from(l)), { today: TODAY })
  const fromText = await ruleSet(id).checkMany(parsable, { today: TODAY })
  assert.deepStrictEqual(fromObjects.map((r) => r.toJSON()), fromText.map((r) => r.toJSON()))
  assert.deepStrictEqual(fromBuffers.map((r) => r.toJSON()), fromText.map((r) => r.toJSON()))
  return reports
}

test('checkMany equals `batch` on every fixture body of each rule set, and on lines that are not bodies', async () => {
  const byRules = new Map()
  for (const c of cases()) {
    if (c.today !== TODAY) continue
    if (!byRules.has(c.ruleSet)) byRules.set(c.ruleSet, [])
    byRules.get(c.ruleSet).push(JSON.stringify(JSON.parse(c.text)))
  }
  const broken = ['not json', '[1, 2]', '', '{"a": ', '"a string"', '\ufeff{}', 'null']
  let total = 0
  for (const [id, lines] of byRules) {
    const all = [...broken, ...lines]
    const reports = await compare(id, all)
    assert.equal(reports[0].findings[0].code, 'input')
    total += all.length
  }
  assert.ok(total > 500)
})

test('checkMany splits work into tasks and keeps the input order', async () => {
  // 1,000 bodies: several native tasks (256 each) finish in any order.
  const rules = ruleSet('kira/create-user')
  const bodies = Array.from({ length: 1000 }, (_, i) =>
    i % 3 === 0 ? { type: 'individual', email: `user${i}@example.com` } : { type: 'business', email: `bad${i}` },
  )
  const reports = await rules.checkMany(bodies, { today: TODAY })
  assert.equal(reports.length, bodies.length)
  for (const [i, report] of reports.entries()) {
    assert.deepStrictEqual(report.toJSON(), rules.check(bodies[i], { today: TODAY }).toJSON(), `body ${i}`)
  }
})

test('checkMany of nothing is nothing', async () => {
  assert.deepStrictEqual(await ruleSet('kira/create-user').checkMany([]), [])
})
