'use strict'
// formatCheck gives the verdicts of `kyc-preflight format`.

const test = require('node:test')
const assert = require('node:assert/strict')
const { formatCheck, formats } = require('kyc-preflight')
const { cli } = require('./helpers.js')

const values = {
  email: ['jane.doe@example.com', 'jane..doe@example.com', 'a@b.c', ''],
  e164: ['+12025551234', '2025551234', '+999999999999'],
  'iso3166-alpha2': ['US', 'us', 'XX'],
  'iso3166-alpha3': ['USA', 'UK'],
  date: ['2026-01-01', '2026-02-30', '01/01/2026'],
  uuid: ['550e8400-e29b-41d4-a716-446655440000', '550e8400e29b41d4a716446655440000'],
  ssn: ['123-45-6789', '666-45-6789', '123-00-6789', '123456789'],
  itin: ['912-70-1234', '123-45-6789'],
  ein: ['12-3456789', '07-1234567'],
  rfc: ['GODE561231GR8', 'XAXX010101000', 'ABC'],
  curp: ['GODE561231HDFRNS09', 'GODE561231XDFRNS09', 'short'],
  cpf: ['529.982.247-25', '111.111.111-11'],
  cnpj: ['11.222.333/0001-81', '11.222.333/0001-00'],
  nit: ['900123456-8', '900123456-1'],
  'nit-base': ['900123456', '90012345'],
  'nit-natural': ['79456123-2', '79456123-3', 'abc'],
  nuip: ['1032456789', '79.456.123', '12345678901'],
  'data-uri': ['data:image/png;base64,iVBORw0KGgo=', 'data:,hello'],
}

// Each format is checked against every sample above (and a few more), so a
// format added to the library is covered without a line here.
const samples = [...new Set([...Object.values(values).flat(), '2026-01-01T00:00:00Z', '192.168.0.1', '::1', 'https://example.com/a', 'AB123456C', 'ABCDE1234F', '12.345.678-5', '20-12345678-6', ' '])]

test('the samples have names the CLI knows', () => {
  for (const name of Object.keys(values)) assert.ok(formats().includes(name), name)
  assert.ok(formats().length >= Object.keys(values).length)
})

for (const name of formats()) {
  test(`formatCheck('${name}', …) gives what \`format ${name}\` prints`, async () => {
    const { stdout } = await cli(['format', name, '--', ...samples])
    const lines = stdout.split('\n').slice(0, samples.length)
    const got = samples.map((v) => {
      const r = formatCheck(name, v)
      assert.equal(r.code === null, r.verdict === 'valid')
      assert.equal(r.detail === null, r.verdict === 'valid')
      return r.code === null ? r.verdict : `${r.verdict}: ${r.code}`
    })
    assert.deepStrictEqual(got, lines)
  })
}

test('an unknown format is a RangeError listing the formats', () => {
  assert.throws(() => formatCheck('iban', 'x'), (e) => e instanceof RangeError && e.message.includes('e164'))
  assert.throws(() => formatCheck('email', 42), TypeError)
})
