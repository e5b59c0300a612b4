// Type declarations of the kyc-preflight Node.js package (index.js).

/// <reference types="node" />

/**
 * The Standard Schema v1 interface (https://standardschema.dev), as its
 * authors ask libraries to carry it: copied, so that no dependency is needed.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly '~standard': StandardSchemaV1.Props<Input, Output>
}

export declare namespace StandardSchemaV1 {
  /** The Standard Schema properties interface. */
  interface Props<Input = unknown, Output = Input> {
    /** The version number of the standard. */
    readonly version: 1
    /** The vendor name of the schema library. */
    readonly vendor: string
    /** Validates unknown input values. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>
    /** Inferred types associated with the schema. */
    readonly types?: Types<Input, Output> | undefined
  }
  /** The result interface of the validate function. */
  type Result<Output> = SuccessResult<Output> | FailureResult
  /** The result interface if validation succeeds. */
  interface SuccessResult<Output> {
    /** The typed output value. */
    readonly value: Output
    /** The non-existent issues. */
    readonly issues?: undefined
  }
  /** The result interface if validation fails. */
  interface FailureResult {
    /** The issues of failed validation. */
    readonly issues: ReadonlyArray<Issue>
  }
  /** The issue interface of the failure output. */
  interface Issue {
    /** The error message of the issue. */
    readonly message: string
    /** The path of the issue, if any. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined
  }
  /** The path segment interface of the issue. */
  interface PathSegment {
    /** The key representing a path segment. */
    readonly key: PropertyKey
  }
  /** The Standard Schema types interface. */
  interface Types<Input = unknown, Output = Input> {
    /** The input type of the schema. */
    readonly input: Input
    /** The output type of the schema. */
    readonly output: Output
  }
  /** Infers the input type of a Standard Schema. */
  type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['input']
  /** Infers the output type of a Standard Schema. */
  type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output']
}

/** A request body as a parsed value: a JSON object. */
export type JsonObject = { [key: string]: unknown }

/**
 * What `check` takes: JSON text (a string, a Buffer or other bytes, as
 * received), or a value, checked as the JSON text `JSON.stringify` gives it
 * (what a client would send).
 */
export type Body = string | Uint8Array | ArrayBuffer | JsonObject

/** HTTP headers: an object (Node's `IncomingHttpHeaders`), a `Headers`, a `Map` or `[name, value]` pairs. */
export type HeadersInit =
  | Record<string, string | number | readonly string[] | undefined>
  | Iterable<readonly [string, string]>

/** Input limits (the CLI's `--max-bytes`, `--max-depth`, `--max-items`). */
export interface Limits {
  /** Largest body accepted, in bytes (default 64 MiB). */
  maxBytes?: number
  /** Deepest nesting of objects and arrays accepted, 1 to 128 (default 64). */
  maxDepth?: number
  /** Most items of one array checked; a longer array is a `limit.items` error (default 10,000). */
  maxItems?: number
}

/** Options of `check` and `checkMany`. */
export interface CheckOptions {
  /**
   * The request's headers. Header rules run only when headers are given
   * (an empty object counts: then every required header is missing).
   * Names match case-insensitively; values are trimmed.
   */
  headers?: HeadersInit
  /** "Today" for date rules (18+, expired documents): `YYYY-MM-DD` or a Date (its UTC day); default the system's UTC date. */
  today?: string | Date
  /** Gates `report.ok` requires; all gates when none is named. Each must be a gate of the rule set (else RangeError). */
  require?: string | readonly string[]
  /** Input limits. */
  limits?: Limits
}

/** Options of `standardSchema`. */
export interface StandardSchemaOptions {
  /** The gates a valid value must pass; all gates when none is named. */
  require?: string | readonly string[]
  /** "Today" for date rules; default the system's UTC date at each validation. */
  today?: string | Date
  /** Input limits. */
  limits?: Limits
}

/** `error` fails the gate; `warning` does not. */
export type Severity = 'error' | 'warning'

/** One problem with a request. */
export interface Finding {
  /** In the body (`path` is a JSON Pointer) or a header (`path` is its lower-case name). */
  readonly in: 'body' | 'header'
  /** RFC 6901 JSON Pointer into the body (for a missing field, where it should be), or the header's name. */
  readonly path: string
  /** The first gate this finding blocks (it blocks every gate that depends on it too). */
  readonly gate: string
  /** `error` fails the gate; `warning` does not. */
  readonly severity: Severity
  /** Stable dotted code: `required`, `type`, `enum`, `format.e164`, … */
  readonly code: string
  /** The rule that raised it: `kira/create-user#phone`. */
  readonly rule: string
  /** What is wrong and what to do, for a person; never the value of a sensitive field. */
  readonly message: string
  /** Where the rule comes from (a provider's document or a standard). Not part of `toJSON()`. */
  readonly source: string
}

/** A finding as the JSON report has it (no `source`). */
export type JsonFinding = Omit<Finding, 'source'>

/** The report as `kyc-preflight check --format json` prints it. */
export interface JsonReport {
  rule_set: string
  variant: string | null
  gates: Record<string, boolean>
  findings: JsonFinding[]
}

/** Everything one check found. */
export declare class Report {
  private constructor()
  /** The rule set's id, e.g. `kira/create-user`. */
  readonly ruleSet: string
  /** The variant the payload selected (`individual/usa`), or null when it matched none. */
  readonly variant: string | null
  /** Every gate of the rule set, in order, with its verdict. */
  readonly gates: Readonly<Record<string, boolean>>
  /** Every finding: header findings first, then body findings in document order, then rule order. */
  readonly findings: readonly Finding[]
  /** The error findings (warnings left out). */
  readonly errors: readonly Finding[]
  /** Do the gates the check required (`options.require`) pass? All gates when it named none. */
  readonly ok: boolean
  /** Do the named gates pass (all gates when none is named)? Throws RangeError for a name that is not a gate. */
  passed(gates?: string | readonly string[]): boolean
  /** The report exactly as `kyc-preflight check --format json` prints it: `JSON.stringify(report)` is that line. */
  toJSON(): JsonReport
}

/** A Standard Schema issue of kyc-preflight: the finding behind it. */
export interface Issue extends StandardSchemaV1.Issue {
  readonly message: string
  /** The finding's JSON Pointer as segments: keys, and array indices as numbers. */
  readonly path: ReadonlyArray<string | number>
  /** The finding's code (`input` when the value is not a JSON object at all). */
  readonly code: string
  /** The gate it blocks first. */
  readonly gate: string
  /** The rule that raised it (absent for `input`). */
  readonly rule?: string
}

/** The Standard Schema properties of a rule set. */
export interface StandardProps<Output> extends StandardSchemaV1.Props<unknown, Output> {
  readonly vendor: 'kyc-preflight'
  /** Checks `value` as a JSON object (`JSON.stringify`'s text of it); never asynchronous. */
  readonly validate: (value: unknown) => StandardResult<Output>
}

/** What `validate` returns. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly Issue[] }

/** A Standard Schema v1 of a rule set. */
export interface KycStandardSchema<Output = JsonObject> extends StandardSchemaV1<unknown, Output> {
  readonly '~standard': StandardProps<Output>
}

/**
 * A compiled rule set: check as many bodies with it as you like. `T` is
 * the type a valid body is given by its Standard Schema.
 */
export declare class RuleSet<T = JsonObject> implements KycStandardSchema<T> {
  private constructor()
  /** Compile a rule file's text; `origin` names it in error messages (default `rules.toml`). Throws RuleFileError. */
  static fromToml<T = JsonObject>(text: string, origin?: string): RuleSet<T>
  /** Read and compile a rule file. Throws RuleFileError, or an Error when the file cannot be read. */
  static fromFile<T = JsonObject>(path: string): RuleSet<T>
  /** The rule set's id, e.g. `kira/create-user`. */
  readonly id: string
  /** A one-line title. */
  readonly title: string | null
  /** The primary source document. */
  readonly source: string | null
  /** The provider, e.g. `Kira`. */
  readonly provider: string | null
  /** The endpoint, e.g. `POST /v1/users`. */
  readonly endpoint: string | null
  /** The gates, in order: `request`, `verification`, `product:<code>`, … */
  readonly gates: readonly string[]
  /** The variants, in selection order. */
  readonly variants: readonly string[]
  /** The gates whose failure fails `gate`: itself and every gate it depends on, in gate order. */
  dependsOn(gate: string): string[]
  /** Check one body. Throws InputError when it cannot be checked, RangeError for a `require`d name that is not a gate. */
  check(body: Body, options?: CheckOptions): Report
  /**
   * Check many bodies on the libuv thread pool (UV_THREADPOOL_SIZE
   * threads), in order, with the same reports as `kyc-preflight batch`:
   * JSON text that cannot be checked gets a report with one `input` finding.
   * Rejects with InputError (with `index`) for a value that JSON.stringify
   * cannot serialize.
   */
  checkMany(bodies: Iterable<Body>, options?: CheckOptions): Promise<Report[]>
  /** A Standard Schema v1 requiring other gates (all by default). */
  standardSchema(options?: StandardSchemaOptions): KycStandardSchema<T>
  /** Standard Schema v1: valid when every gate passes. */
  readonly '~standard': StandardProps<T>
}

/** A body that cannot be checked. */
export declare class InputError extends Error {
  readonly name: 'InputError'
  /**
   * `empty`, `too_large`, `not_utf8`, `byte_order_mark`, `too_deep`,
   * `syntax`, `not_an_object`, or `not_serializable` for a value
   * JSON.stringify cannot serialize.
   */
  readonly kind: string
  /** 1-based line, when the error has a position (else null). */
  readonly line: number | null
  /** 1-based column (in bytes), when the error has a position (else null). */
  readonly column: number | null
  /** In `checkMany`, the index of the body. */
  readonly index?: number
}

/** One problem of a rule file. */
export interface RuleProblem {
  /** 1-based line. */
  readonly line: number
  /** 1-based column, in characters. */
  readonly column: number
  /** What is wrong. */
  readonly message: string
  /** A suggestion ("did you mean `iso3166-alpha3`?"), or null. */
  readonly help: string | null
}

/** A rule file that does not compile. `message` has one `file:line:column: message` line per problem. */
export declare class RuleFileError extends Error {
  readonly name: 'RuleFileError'
  /** The file's name as given. */
  readonly file: string
  /** Every problem, in file order. */
  readonly problems: readonly RuleProblem[]
}

/** A value's verdict against a format. */
export interface FormatVerdict {
  /** `valid`; `warning` (the value passes, but breaks a rule real registries are known to break); `invalid`. */
  readonly verdict: 'valid' | 'warning' | 'invalid'
  /** The stable code (`format.ssn.area`), or null when valid. */
  readonly code: string | null
  /** What is wrong, for a person (never the value), or null when valid. */
  readonly detail: string | null
}

/** An embedded rule set by id (compiled once, then shared). Throws RangeError for an unknown id. */
export declare function ruleSet<T = JsonObject>(id: string): RuleSet<T>

/** The ids of the embedded rule sets, in the catalog's order (as `kyc-preflight rules list`). */
export declare function ruleSets(): string[]

/** Check one value against a named format (`email`, `e164`, `ssn`, …), as `kyc-preflight format` does. Throws RangeError for an unknown format. */
export declare function formatCheck(format: string, value: string): FormatVerdict

/** The format names, in the CLI's order. */
export declare function formats(): string[]
