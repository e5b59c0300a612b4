'use strict'
// The addon loads in worker threads; each thread compiles or shares rule
// sets through the library's process-wide catalog, and what crosses a
// thread boundary is plain data: reports as JSON, never a native handle.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Worker } = require('node:worker_threads')
const { ruleSet } = require('kyc-preflight')
const { cases, TODAY } = require('./helpers.js')

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { ruleSet, RuleSet } = require('kyc-preflight')
;(async () => {
  const out = []
  for (const c of workerData.cases) {
    out.push(ruleSet(c.ruleSet).check(c.text, { today: c.today, headers: c.headers }).toJSON())
  }
  const many = await ruleSet('kira/create-user').checkMany(workerData.cases.map((c) => c.text), { today: workerData.today })
  let cloned
  try {
    parentPort.postMessage({ probe: ruleSet('kira/create-user') })
    cloned = 'sent'
  } catch (e) {
    cloned = e.name
  }
  parentPort.postMessage({ out, many: many.map((r) => r.toJSON()), cloned })
})().catch((e) => parentPort.postMessage({ error: String(e && e.stack) }))
`

function run(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData })
    const messages = []
    worker.on('message', (m) => messages.push(m))
    worker.on('error', reject)
    worker.on('exit', (code) => (code === 0 ? resolve(messages) : reject(new Error(`worker exit ${code}`))))
  })
}

test('four workers at once give the main thread\'s reports', async () => {
  const sample = cases().filter((_, i) => i % 5 === 0).map(({ name, ruleSet, text, headers, today }) => ({ name, ruleSet, text, headers, today }))
  const want = sample.map((c) => ruleSet(c.ruleSet).check(c.text, { today: c.today, headers: c.headers }).toJSON())
  const wantMany = (await ruleSet('kira/create-user').checkMany(sample.map((c) => c.text), { today: TODAY })).map((r) => r.toJSON())
  const results = await Promise.all(Array.from({ length: 4 }, () => run({ cases: sample, today: TODAY })))
  for (const messages of results) {
    const last = messages[messages.length - 1]
    assert.equal(last.error, undefined, last.error)
    assert.deepStrictEqual(last.out, want)
    assert.deepStrictEqual(last.many, wantMany)
    // A RuleSet's state is private to its thread. Structured clone drops its
    // private fields, so what would arrive is an empty object, not a handle.
    if (last.cloned === 'sent') {
      const probe = messages.find((m) => 'probe' in m).probe
      assert.deepStrictEqual(Object.keys(probe), [])
      assert.equal(typeof probe.check, 'undefined')
    } else {
      assert.equal(last.cloned, 'DataCloneError')
    }
  }
})

test('a worker that exits while checkMany runs does not take the process down', async () => {
  const code = `
    const { ruleSet } = require('kyc-preflight')
    const bodies = Array.from({ length: 5000 }, (_, i) => ({ type: 'individual', email: 'u' + i + '@example.com' }))
    ruleSet('kira/create-user').checkMany(bodies)
    setImmediate(() => process.exit(0))
  `
  await new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true })
    worker.on('error', reject)
    worker.on('exit', resolve)
  })
  assert.equal(ruleSet('kira/create-user').check({ type: 'individual' }).ruleSet, 'kira/create-user')
})
