'use strict'
// The Standard Schema v1 of a rule set: `{ value }` when the required
// gates pass, `{ issues }` (message, path segments) otherwise.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { ruleSet, RuleSet } = require('kyc-preflight')
const { REPO, TODAY } = require('./helpers.js')

const rules = ruleSet('kira/create-user')
const example = (name) => JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'kira', `${name}.json`), 'utf8'))

test('~standard has version 1, the vendor, and a validate function', () => {
  const std = rules['~standard']
  assert.equal(std.version, 1)
  assert.equal(std.vendor, 'kyc-preflight')
  assert.equal(typeof std.validate, 'function')
  assert.equal(rules['~standard'], std, 'the same object each time')
})

test('a body that passes every gate validates to itself', () => {
  const body = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/fixtures/kira/create-user/valid/individual-usa.json'), 'utf8'))
  const schema = rules.standardSchema({ today: TODAY })
  const result = schema['~standard'].validate(body)
  assert.equal(result.issues, undefined)
  assert.equal(result.value, body)
})

test('issues are the error findings that block a required gate, with path segments', () => {
  const body = example('individual-usa-mistakes')
  const report = rules.check(body, { today: TODAY })
  assert.equal(report.passed(), false)
  const result = rules.standardSchema({ today: TODAY })['~standard'].validate(body)
  const errors = report.findings.filter((f) => f.severity === 'error')
  assert.ok(errors.length > 0)
  assert.deepStrictEqual(result.issues.map((i) => i.message), errors.map((f) => f.message))
  assert.deepStrictEqual(result.issues.map((i) => i.code), errors.map((f) => f.code))
  for (const [i, issue] of result.issues.entries()) {
    const pointer = errors[i].path
    const rebuilt = issue.path.length === 0 ? '' : '/' + issue.path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
    assert.equal(rebuilt, pointer)
  }
})

test('path segments: array indices are numbers, keys are unescaped strings', () => {
  const body = {
    type: 'individual',
    email: 'jane.doe@example.com',
    first_name: 'Jane',
    last_name: 'Doe',
    identifying_information: [{ type: 'ssn', issuing_country: 'USA', number: '666-45-6789' }],
  }
  const result = rules.standardSchema({ today: TODAY })['~standard'].validate(body)
  const issue = result.issues.find((i) => i.code === 'format.ssn.area')
  assert.ok(issue, JSON.stringify(result.issues))
  assert.deepStrictEqual(issue.path, ['identifying_information', 0, 'number'])
  // "~1" and "~0" in a pointer are "/" and "~" in the key (RFC 6901).
  const mini = RuleSet.fromToml(
    ['id = "example/keys"', 'source = "an example"', '[[gate]]', 'name = "request"',
     '[[field]]', 'path = "/a~1b"', 'required = "request"',
     '[[field]]', 'path = "/c~0d/0"', 'type = "string"', 'required = "request"'].join('\n'),
  )
  const issues = mini['~standard'].validate({ 'c~d': { 0: 1 } }).issues
  // An object's key "0" stays a string; only an array's index is a number.
  assert.deepStrictEqual(issues.map((i) => [i.path, i.code]), [[['c~d', '0'], 'type'], [['a/b'], 'required']])
})

test('require picks the gates: request only accepts what the API accepts', () => {
  const body = example('individual-usa-mistakes')
  const report = rules.check(body, { today: TODAY })
  const requestOnly = rules.standardSchema({ require: ['request'], today: TODAY })['~standard']
  const verification = rules.standardSchema({ require: 'verification', today: TODAY })['~standard']
  const requestIssues = report.findings.filter((f) => f.severity === 'error' && f.gate === 'request')
  const verificationIssues = report.findings.filter((f) => f.severity === 'error' && ['request', 'verification'].includes(f.gate))
  const r1 = requestOnly.validate(body)
  if (report.passed('request')) {
    assert.deepStrictEqual(r1, { value: body })
  } else {
    assert.deepStrictEqual(r1.issues.map((i) => i.rule), requestIssues.map((f) => f.rule))
  }
  const r2 = verification.validate(body)
  assert.equal(report.passed('verification'), false)
  assert.deepStrictEqual(r2.issues.map((i) => i.rule), verificationIssues.map((f) => f.rule))
  assert.ok(verificationIssues.length > requestIssues.length)
  // A body accepted by the API but not ready for verification.
  const accepted = { type: 'individual', email: 'jane.doe@example.com', first_name: 'Jane', last_name: 'Doe' }
  assert.ok(rules.check(accepted).passed('request'))
  assert.deepStrictEqual(requestOnly.validate(accepted), { value: accepted })
  assert.ok(verification.validate(accepted).issues.length > 0)
  assert.deepStrictEqual(rules.dependsOn('verification'), ['request', 'verification'])
})

test('a value that is not a JSON object is one issue, not an exception', () => {
  const validate = rules['~standard'].validate
  for (const value of [null, 42, 'text', [1], undefined]) {
    const result = validate(value)
    assert.equal(result.issues.length, 1, String(value))
    assert.match(result.issues[0].message, /JSON object/)
    assert.deepStrictEqual(result.issues[0].path, [])
  }
  // A string is data, not JSON text: '{}' is a string, not an object.
  assert.equal(validate('{}').issues.length, 1)
})

test('standardSchema checks its options', () => {
  assert.throws(() => rules.standardSchema({ require: ['nope'] }), RangeError)
})
