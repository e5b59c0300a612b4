'use strict'
// kyc-preflight for Node.js: the JavaScript API over the native addon
// (src/lib.rs, loaded by the generated native.js). Types: index.d.ts.

const native = require('./native.js')

/** Lets only this module construct a RuleSet or a Report. */
const INTERNAL = Symbol('kyc-preflight internal')

/** Bodies per native task of `checkMany`: each task takes a few ms. */
const CHUNK = 256

/**
 * A body that cannot be checked: not JSON, too large, too deep, not an
 * object, or (for an object body) not serializable as JSON.
 */
class InputError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'InputError'
    this.kind = details.kind ?? 'input'
    this.line = details.line ?? null
    this.column = details.column ?? null
    if (details.index !== undefined) this.index = details.index
  }
}

/** A rule file that does not compile, with every problem found in it. */
class RuleFileError extends Error {
  constructor(info) {
    super(info.message)
    this.name = 'RuleFileError'
    this.file = info.file
    this.problems = info.problems.map((p) => ({
      line: p.line,
      column: p.column,
      message: p.message,
      help: p.help ?? null,
    }))
  }
}

/** JSON text (string or bytes) as the addon takes it, from any body. */
function bodyText(body, index) {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  if (body instanceof ArrayBuffer) return Buffer.from(body)
  return dataText(body, index)
}

/** The JSON text `JSON.stringify` gives a value: what a client would send. */
function dataText(value, index) {
  let text
  try {
    text = JSON.stringify(value)
  } catch (cause) {
    throw new InputError(`the body cannot be serialized as JSON: ${cause.message}`, {
      kind: 'not_serializable',
      cause,
      index,
    })
  }
  if (text === undefined) {
    throw new InputError(`the body must be a JSON object, not ${typeof value}`, {
      kind: 'not_an_object',
      index,
    })
  }
  return text
}

function limit(name, value, min, max) {
  if (value === undefined) return undefined
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`limits.${name} ${value}: expected an integer from ${min} to ${max}`)
  }
  return value
}

/** `today` as `YYYY-MM-DD`. */
function day(today) {
  if (today === undefined) return undefined
  if (today instanceof Date) {
    if (Number.isNaN(today.getTime())) throw new RangeError('today: an invalid Date')
    return today.toISOString().slice(0, 10)
  }
  if (typeof today !== 'string') throw new TypeError('today: expected a YYYY-MM-DD string or a Date')
  return today
}

/** Headers as the flat `[name, value, …]` list the addon takes. */
function flatHeaders(headers) {
  if (headers == null) return undefined
  const flat = []
  const add = (name, value) => {
    if (value === undefined) return
    flat.push(String(name), Array.isArray(value) ? value.join(', ') : String(value))
  }
  if (typeof headers[Symbol.iterator] === 'function') {
    for (const [name, value] of headers) add(name, value)
  } else if (typeof headers === 'object') {
    for (const name of Object.keys(headers)) add(name, headers[name])
  } else {
    throw new TypeError('headers: expected an object, a Headers, a Map or [name, value] pairs')
  }
  return flat
}

/** The options of a check, as the addon takes them. */
function nativeOptions(options) {
  if (options == null) return undefined
  const limits = options.limits ?? {}
  return {
    headers: flatHeaders(options.headers),
    today: day(options.today),
    maxBytes: limit('maxBytes', limits.maxBytes, 0, 0xffffffff),
    maxDepth: limit('maxDepth', limits.maxDepth, 1, 128),
    maxItems: limit('maxItems', limits.maxItems, 0, 0xffffffff),
  }
}

/** The names of `require`, each checked to be a gate of `rules`. */
function requiredGates(rules, require) {
  if (require === undefined) return []
  const names = typeof require === 'string' ? [require] : Array.from(require)
  for (const name of names) {
    if (!rules.gates.includes(name)) {
      throw new RangeError(
        `require: ${rules.id} has no gate \`${name}\` (gates: ${rules.gates.join(', ')})`,
      )
    }
  }
  return names
}

/** RFC 6901 pointer to path segments; array indices as numbers where `value` has an array. */
function pointerSegments(pointer, value) {
  if (pointer === '') return []
  const segments = []
  let at = value
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(at) && /^(0|[1-9][0-9]*)$/.test(key)) {
      segments.push(Number(key))
      at = at[Number(key)]
    } else {
      segments.push(key)
      at = at !== null && typeof at === 'object' ? at[key] : undefined
    }
  }
  return segments
}

/** Everything one check found. */
class Report {
  #json
  #required

  constructor(token, outcome, required) {
    if (token !== INTERNAL) throw new TypeError('a Report comes from RuleSet.check or checkMany')
    const data = JSON.parse(outcome.json)
    const sources = outcome.sources ?? []
    this.ruleSet = data.rule_set
    this.variant = data.variant
    this.gates = data.gates
    this.findings = data.findings
    for (let i = 0; i < this.findings.length; i++) this.findings[i].source = sources[i] ?? ''
    this.#json = outcome.json
    this.#required = required
  }

  /** Do the gates the check required pass (all gates when it named none)? */
  get ok() {
    return this.passed(this.#required)
  }

  /** Do the named gates pass (all gates when none is named)? */
  passed(gates) {
    const names = gates === undefined ? [] : typeof gates === 'string' ? [gates] : Array.from(gates)
    if (names.length === 0) return Object.values(this.gates).every(Boolean)
    return names.every((name) => {
      const passed = this.gates[name]
      if (passed === undefined) {
        throw new RangeError(
          `${this.ruleSet} has no gate \`${name}\` (gates: ${Object.keys(this.gates).join(', ')})`,
        )
      }
      return passed
    })
  }

  /** The error findings (warnings left out). */
  get errors() {
    return this.findings.filter((f) => f.severity === 'error')
  }

  /** The report as `kyc-preflight check --format json` prints it (a fresh object). */
  toJSON() {
    return JSON.parse(this.#json)
  }
}

/** A compiled rule set. */
class RuleSet {
  #native
  #gates
  #variants
  #standard

  constructor(token, nativeRules) {
    if (token !== INTERNAL) {
      throw new TypeError('use ruleSet(id), RuleSet.fromFile(path) or RuleSet.fromToml(text)')
    }
    this.#native = nativeRules
    this.#gates = Object.freeze(nativeRules.gates)
    this.#variants = Object.freeze(nativeRules.variants)
  }

  /** Compile a rule file's text; `origin` names it in error messages. */
  static fromToml(text, origin = 'rules.toml') {
    if (typeof text !== 'string') throw new TypeError('fromToml: expected the rule file as a string')
    return compiled(native.NativeRuleSet.fromToml(String(origin), text))
  }

  /** Read and compile the rule file at `path`. */
  static fromFile(path) {
    return compiled(native.NativeRuleSet.fromFile(String(path)))
  }

  get id() {
    return this.#native.id
  }
  get title() {
    return this.#native.title ?? null
  }
  get source() {
    return this.#native.source ?? null
  }
  get provider() {
    return this.#native.provider ?? null
  }
  get endpoint() {
    return this.#native.endpoint ?? null
  }
  get gates() {
    return this.#gates
  }
  get variants() {
    return this.#variants
  }

  /** The gates whose failure fails `gate`: itself and what it depends on, in gate order. */
  dependsOn(gate) {
    requiredGates(this, [gate])
    return this.#native.dependsOn(gate)
  }

  /** Check one body; throws InputError when it cannot be checked. */
  check(body, options) {
    const required = requiredGates(this, options?.require)
    const outcome = this.#native.check(bodyText(body), nativeOptions(options))
    if (outcome.error) {
      const e = outcome.error
      throw new InputError(e.message, { kind: e.kind, line: e.line, column: e.column })
    }
    return new Report(INTERNAL, outcome, required)
  }

  /**
   * Check many bodies off the main thread, in order, as `kyc-preflight
   * batch` does: JSON text that cannot be checked gets a report with one
   * `input` finding.
   */
  async checkMany(bodies, options) {
    const required = requiredGates(this, options?.require)
    const resolved = nativeOptions(options)
    const texts = Array.from(bodies, (body, index) => bodyText(body, index))
    const tasks = []
    for (let at = 0; at < texts.length; at += CHUNK) {
      tasks.push(this.#native.checkMany(texts.slice(at, at + CHUNK), resolved))
    }
    const reports = []
    for (const outcomes of await Promise.all(tasks)) {
      for (const outcome of outcomes) reports.push(new Report(INTERNAL, outcome, required))
    }
    return reports
  }

  /**
   * A Standard Schema v1 of this rule set: a value is valid when the
   * required gates pass (all gates by default).
   */
  standardSchema(options = {}) {
    const required = requiredGates(this, options.require)
    const blocking = new Set(required.length === 0 ? this.gates : required.flatMap((g) => this.dependsOn(g)))
    const checkOptions = { today: options.today, limits: options.limits }
    const rules = this
    const validate = (value) => {
      let report
      try {
        report = rules.check(dataText(value), checkOptions)
      } catch (e) {
        if (e instanceof InputError) return { issues: [{ message: e.message, path: [], code: 'input', gate: rules.gates[0] }] }
        throw e
      }
      if (report.passed(required)) return { value }
      const issues = []
      for (const f of report.findings) {
        if (f.severity === 'error' && blocking.has(f.gate)) {
          issues.push({
            message: f.message,
            path: pointerSegments(f.path, value),
            code: f.code,
            gate: f.gate,
            rule: f.rule,
          })
        }
      }
      return { issues }
    }
    return { '~standard': Object.freeze({ version: 1, vendor: 'kyc-preflight', validate }) }
  }

  /** Standard Schema v1, all gates required. */
  get '~standard'() {
    if (this.#standard === undefined) this.#standard = this.standardSchema()['~standard']
    return this.#standard
  }
}

function compiled(result) {
  if (result instanceof native.NativeRuleSet) return new RuleSet(INTERNAL, result)
  throw new RuleFileError(result)
}

const embedded = new Map()

/** An embedded rule set by id (compiled once, then shared). */
function ruleSet(id) {
  let rules = embedded.get(id)
  if (rules === undefined) {
    let nativeRules
    try {
      nativeRules = native.NativeRuleSet.embedded(String(id))
    } catch (e) {
      throw new RangeError(e.message)
    }
    rules = new RuleSet(INTERNAL, nativeRules)
    embedded.set(id, rules)
  }
  return rules
}

/** The ids of the embedded rule sets, in the catalog's order (as `kyc-preflight rules list`). */
function ruleSets() {
  return native.ruleSetIds()
}

/** A value's verdict against one named format, as `kyc-preflight format` gives it. */
function formatCheck(format, value) {
  if (typeof value !== 'string') throw new TypeError('formatCheck: the value must be a string')
  let v
  try {
    v = native.formatCheck(String(format), value)
  } catch (e) {
    throw new RangeError(e.message)
  }
  return { verdict: v.verdict, code: v.code ?? null, detail: v.detail ?? null }
}

/** The format names, in the CLI's order. */
function formats() {
  return native.formatNames()
}

module.exports = {
  InputError,
  Report,
  RuleFileError,
  RuleSet,
  formatCheck,
  formats,
  ruleSet,
  ruleSets,
}
