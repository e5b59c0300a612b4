// The README's "From TypeScript" example, as it is there: tsc checks it.

import { ruleSet, RuleSet, InputError, type Report } from 'kyc-preflight'

const rules = ruleSet('kira/create-user') // compiled once, shared; RuleSet.fromFile(path) for your own

const body = {
  type: 'individual',
  email: 'jane.doe@example.com',
  first_name: 'Jane',
  last_name: 'Doe',
  phone: '2025551234',
}
// body: an object, or the raw JSON text as a string or Buffer
const report: Report = rules.check(body, { today: '2026-01-01' })
report.variant // 'individual/unknown' (no address_country yet)
report.gates // { request: false, verification: false, 'product:usa-virtual-accounts': false, 'product:act': false }
report.passed('request') // false: the phone is not E.164
for (const f of report.errors) console.log(`${f.gate} ${f.path} ${f.code}: ${f.message}`)
// request /phone format.e164: phone must be an E.164 phone number such as +12025551234: …
// verification /address_street required: address_street is required for automatic verification
// …
JSON.stringify(report) // exactly what `kyc-preflight check --format json` prints

try {
  rules.check('{"type": "individual",\n "email": }')
} catch (e) {
  if (e instanceof InputError) console.log(e.line, e.column, e.message) // 2 11 line 2, column 11: not valid JSON: expected value
}

// Many bodies, off the main thread (the libuv pool), the same reports as `batch`:
const reports = await rules.checkMany([body, { ...body, phone: '+12025551234' }, 'not json'])

// Standard Schema v1: { value } when the required gates pass (all gates by default).
const accepts = rules.standardSchema({ require: ['request'] })
accepts['~standard'].validate(body) // { issues: [{ message: 'phone must be an E.164 …', path: ['phone'], code: 'format.e164', … }] }
accepts['~standard'].validate({ ...body, phone: '+12025551234' }) // { value: { … } }
// e.g. tRPC: t.procedure.input(rules.standardSchema({ require: ['request'] }))

void RuleSet, reports
