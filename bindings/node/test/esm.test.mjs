// The package's named exports work from an ES module, as the README imports them.

import test from 'node:test'
import assert from 'node:assert/strict'
import { ruleSets, ruleSet, RuleSet, InputError, RuleFileError, formatCheck, Report } from 'kyc-preflight'

test('named imports from ESM', () => {
  assert.ok(ruleSets().length > 0)
  assert.equal(typeof RuleSet.fromToml, 'function')
  assert.ok(InputError.prototype instanceof Error)
  assert.ok(RuleFileError.prototype instanceof Error)
  const report = ruleSet('kira/create-user').check('{"type": "individual"}', { today: '2026-01-01' })
  assert.ok(report instanceof Report)
  assert.equal(report.passed('request'), false)
  assert.equal(formatCheck('e164', '+12025551234').verdict, 'valid')
})
