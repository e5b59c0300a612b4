'use strict'
// What cannot be checked throws a typed error, with the library's message
// and position; nothing crashes the process.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { ruleSet, ruleSets, RuleSet, Report, InputError, RuleFileError } = require('kyc-preflight')
const { cli, tmpDir, TODAY } = require('./helpers.js')

const rules = ruleSet('kira/create-user')

/** The CLI's message for a body, without the file name it puts first. */
async function cliMessage(text) {
  const file = path.join(tmpDir(), 'body.json')
  fs.writeFileSync(file, text)
  const { code, stderr } = await cli(['check', '--rules', 'kira/create-user', '--format', 'json', file])
  assert.equal(code, 2)
  const prefix = `kyc-preflight: ${file}: `
  assert.ok(stderr.startsWith(prefix), stderr)
  return stderr.slice(prefix.length).trimEnd()
}

const bad = [
  { text: '{"type": "individual",\n  "email": }', kind: 'syntax', line: 2, column: 12 },
  { text: '', kind: 'empty', line: null, column: null },
  { text: '   \n', kind: 'empty', line: null, column: null },
  { text: '[1, 2]', kind: 'not_an_object', line: null, column: null },
  { text: '\ufeff{}', kind: 'byte_order_mark', line: 1, column: 1 },
  { text: '{"a": 1} {"b": 2}', kind: 'syntax', line: 1, column: 10 },
  { text: '['.repeat(70) + ']'.repeat(70), kind: 'too_deep', line: 1, column: 65 },
]

for (const b of bad) {
  test(`InputError ${b.kind} for ${JSON.stringify(b.text.slice(0, 30))}, with the CLI's message`, async () => {
    const message = await cliMessage(b.text)
    for (const body of [b.text, Buffer.from(b.text)]) {
      assert.throws(
        () => rules.check(body, { today: TODAY }),
        (e) => {
          assert.ok(e instanceof InputError)
          assert.ok(e instanceof Error)
          assert.equal(e.name, 'InputError')
          assert.equal(e.kind, b.kind)
          assert.equal(e.line, b.line)
          assert.equal(e.column, b.column)
          assert.equal(e.message, message)
          return true
        },
      )
    }
  })
}

test('InputError for bytes that are not UTF-8, at their position', () => {
  const body = Buffer.concat([Buffer.from('{"first_name": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])
  assert.throws(() => rules.check(body), { name: 'InputError', kind: 'not_utf8', line: 1, column: 17 })
})

test('InputError for a body over maxBytes, and the limits are the CLI flags', () => {
  assert.throws(() => rules.check('{"type": "individual"}', { limits: { maxBytes: 10 } }), {
    name: 'InputError',
    kind: 'too_large',
    message: 'the input is 22 bytes, over the 10-byte limit',
  })
  assert.throws(() => rules.check({ a: [[[1]]] }, { limits: { maxDepth: 2 } }), { kind: 'too_deep' })
  const items = rules.check({ type: 'individual', associated_persons: [{}, {}, {}] }, { limits: { maxItems: 2 } })
  assert.ok(items.findings.some((f) => f.code === 'limit.items'))
  assert.throws(() => rules.check({}, { limits: { maxDepth: 0 } }), RangeError)
  assert.throws(() => rules.check({}, { limits: { maxBytes: -1 } }), RangeError)
  assert.throws(() => rules.check({}, { limits: { maxItems: 1.5 } }), RangeError)
})

test('values that are not a JSON object throw InputError', () => {
  for (const [value, kind] of [
    [null, 'not_an_object'],
    [[1, 2], 'not_an_object'],
    [42, 'not_an_object'],
    [undefined, 'not_an_object'],
    [{ big: 1n }, 'not_serializable'],
  ]) {
    assert.throws(() => rules.check(value), (e) => e instanceof InputError && e.kind === kind, String(value))
  }
  const circular = { type: 'individual' }
  circular.self = circular
  assert.throws(() => rules.check(circular), (e) => e instanceof InputError && e.kind === 'not_serializable' && e.cause instanceof TypeError)
})

test('checkMany rejects a value JSON.stringify cannot serialize, naming its index', async () => {
  await assert.rejects(rules.checkMany([{}, { n: 1n }]), (e) => e instanceof InputError && e.index === 1)
})

test('a rule file that does not compile throws RuleFileError with every problem', () => {
  const text = [
    'id = "example/mini"',
    'source = "an example"',
    '[[gate]]',
    'name = "request"',
    '[[field]]',
    'path = "/email"',
    'format = "emial"',
    'required = "requets"',
  ].join('\n')
  assert.throws(
    () => RuleSet.fromToml(text, 'mini.toml'),
    (e) => {
      assert.ok(e instanceof RuleFileError)
      assert.equal(e.name, 'RuleFileError')
      assert.equal(e.file, 'mini.toml')
      assert.ok(e.problems.length >= 2, JSON.stringify(e.problems))
      for (const p of e.problems) {
        assert.equal(typeof p.line, 'number')
        assert.equal(typeof p.column, 'number')
        assert.ok(e.message.includes(`mini.toml:${p.line}:${p.column}: ${p.message}`))
      }
      assert.ok(e.problems.some((p) => p.line === 7 && p.help !== null))
      return true
    },
  )
  assert.throws(() => RuleSet.fromToml('this is = not toml ='), RuleFileError)
})

test('RuleSet.fromFile compiles a rule file, and the embedded ones are the same rules', () => {
  const file = path.join(__dirname, '..', '..', '..', 'rules', 'kira', 'create-user.toml')
  const fromFile = RuleSet.fromFile(file)
  const fromText = RuleSet.fromToml(fs.readFileSync(file, 'utf8'), file)
  assert.equal(fromFile.id, 'kira/create-user')
  const body = { type: 'individual', email: 'jane.doe@example.com', phone: '2025551234' }
  const want = rules.check(body, { today: TODAY }).toJSON()
  assert.deepStrictEqual(fromFile.check(body, { today: TODAY }).toJSON(), want)
  assert.deepStrictEqual(fromText.check(body, { today: TODAY }).toJSON(), want)
  assert.throws(() => RuleSet.fromFile(path.join(tmpDir(), 'missing.toml')), (e) => e instanceof Error && /cannot read/.test(e.message))
  const broken = path.join(tmpDir(), 'broken.toml')
  fs.writeFileSync(broken, 'id = 3')
  assert.throws(() => RuleSet.fromFile(broken), (e) => e instanceof RuleFileError && e.file === broken)
})

test('unknown ids, gates, dates and formats are RangeErrors with what is known', () => {
  assert.throws(() => ruleSet('kira/nope'), (e) => e instanceof RangeError && e.message.includes('kira/create-user'))
  assert.throws(() => rules.check({}, { require: ['verificaton'] }), (e) => e instanceof RangeError && e.message.includes('verification'))
  assert.throws(() => rules.check({}, { today: '2026-13-01' }), /YYYY-MM-DD/)
  assert.throws(() => rules.check({}, { today: new Date(NaN) }), RangeError)
  assert.throws(() => rules.dependsOn('nope'), RangeError)
  const report = rules.check({})
  assert.throws(() => report.passed('nope'), RangeError)
})

test('RuleSet and Report are made by the package only', () => {
  assert.throws(() => new RuleSet(), TypeError)
  assert.throws(() => new Report(), TypeError)
})

test('ruleSet(id) compiles once; ruleSets() lists the embedded ids as `rules list` does', async () => {
  assert.equal(ruleSet('kira/create-user'), rules)
  const ids = ruleSets()
  const { code, stdout } = await cli(['rules', 'list'])
  assert.equal(code, 0)
  const listed = stdout.split('\n').filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/)[0])
  assert.deepStrictEqual(listed.filter((id) => id.includes('/')), ids)
  for (const id of ids) assert.equal(ruleSet(id).id, id)
})
