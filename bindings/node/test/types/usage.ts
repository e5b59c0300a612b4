// A typed use of the package, checked by `tsc --noEmit` (npm run typecheck):
// the declarations describe what index.js gives, and a rule set is a
// Standard Schema v1 as the standard's own types define it.

import type { StandardSchemaV1 as Spec } from '@standard-schema/spec'
import {
  ruleSets,
  ruleSet,
  RuleSet,
  Report,
  InputError,
  RuleFileError,
  formatCheck,
  formats,
  type Finding,
  type JsonReport,
  type CheckOptions,
  type Issue,
  type StandardSchemaV1,
} from 'kyc-preflight'

interface KiraUser {
  type: 'individual' | 'business'
  email: string
  first_name?: string
}

const ids: string[] = ruleSets()
const rules: RuleSet = ruleSet(ids[0] ?? 'kira/create-user')
const typed: RuleSet<KiraUser> = ruleSet<KiraUser>('kira/create-user')
const own: RuleSet = RuleSet.fromToml('id = "example/mini"\nsource = "an example"\n', 'mini.toml')
const fromFile: RuleSet = RuleSet.fromFile('rules/kira/create-user.toml')
void own
void fromFile

const gates: readonly string[] = rules.gates
const deps: string[] = rules.dependsOn('verification')
const title: string | null = rules.title
void gates, deps, title

const options: CheckOptions = {
  headers: { 'content-type': 'application/json', 'idempotency-key': ['a', 'b'] },
  today: new Date(),
  require: ['request'],
  limits: { maxBytes: 1 << 20, maxDepth: 32, maxItems: 100 },
}
const withPairs: CheckOptions = { headers: [['x-api-key', 'k'] as const], today: '2026-01-01', require: 'verification' }
const withMap: CheckOptions = { headers: new Map([['x-api-key', 'k']]) }
void withPairs, withMap

const report: Report = rules.check({ type: 'individual', email: 'jane.doe@example.com' }, options)
rules.check('{"type": "individual"}')
rules.check(Buffer.from('{}'))
rules.check(new Uint8Array([123, 125]))
// @ts-expect-error a number is not a body
rules.check(42)

const ruleSetId: string = report.ruleSet
const variant: string | null = report.variant
const verdicts: Readonly<Record<string, boolean>> = report.gates
const ok: boolean = report.ok && report.passed('verification') && report.passed(['request']) && report.passed()
const findings: readonly Finding[] = report.findings
void ruleSetId, variant, verdicts, ok

for (const f of findings) {
  const where: 'body' | 'header' = f.in
  const severity: 'error' | 'warning' = f.severity
  const text: string = `${f.path} ${f.gate} ${f.code} ${f.rule} ${f.message} ${f.source}`
  void where, severity, text
}
const json: JsonReport = report.toJSON()
// @ts-expect-error the JSON report has no source
json.findings[0]?.source
const line: string = JSON.stringify(report)
void line

async function many(): Promise<number> {
  const reports: Report[] = await rules.checkMany([{ type: 'individual' }, '{}', Buffer.from('{}')], { today: '2026-01-01' })
  return reports.filter((r) => r.ok).length
}
void many

try {
  rules.check('not json')
} catch (e) {
  if (e instanceof InputError) {
    const where: number | null = e.line ?? e.column
    const kind: string = e.kind
    void where, kind
  } else if (e instanceof RuleFileError) {
    const problems: readonly { line: number; column: number; message: string; help: string | null }[] = e.problems
    void problems, e.file
  }
}

const verdict = formatCheck('ssn', '123-45-6789')
const v: 'valid' | 'warning' | 'invalid' = verdict.verdict
const code: string | null = verdict.code
const names: string[] = formats()
void v, code, names

// Standard Schema v1: the standard's own interface accepts a rule set.
const asSpec: Spec<unknown, KiraUser> = typed
const asOwn: StandardSchemaV1<unknown, KiraUser> = typed.standardSchema({ require: ['request'], today: '2026-01-01' })
const requestOnly: Spec = rules.standardSchema({ require: 'request' })
void asOwn, requestOnly

/** What a library that accepts any Standard Schema does with one. */
function parse<S extends Spec>(schema: S, value: unknown): Spec.InferOutput<S> {
  const result = schema['~standard'].validate(value)
  if (result instanceof Promise) throw new TypeError('async')
  if (result.issues) throw new Error(result.issues.map((i) => i.message).join('; '))
  return result.value
}
void parse

const result = typed['~standard'].validate({ type: 'individual' })
if (result.issues) {
  for (const issue of result.issues) {
    const i: Issue = issue
    const path: ReadonlyArray<string | number> = i.path
    const c: string = i.code
    void path, c
  }
} else {
  const user: KiraUser = result.value
  void user
}
void asSpec
