import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  creditCodeCheckChar,
  isValidCreditCode,
  isValidMobile,
  isValidOrganizationCode,
  isValidRegionCode,
  isValidResidentId,
  maskCreditCode,
  maskName,
  maskPhone,
  maskResidentId,
  normaliseCreditCode,
  normaliseResidentId,
  residentIdCheckChar,
} from './id-codes.js';

const TODAY = new Date('2025-06-01T00:00:00Z');
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Replaces the character at `i`. */
function withCharAt(s: string, i: number, ch: string): string {
  return s.slice(0, i) + ch + s.slice(i + 1);
}

// ---------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------

const arbitraryRegion = fc
  .tuple(
    fc.constantFrom('11', '12', '13', '31', '44', '46', '50', '65', '71', '81', '82'),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
  )
  .map(([p, c, d]) => p + String(c).padStart(2, '0') + String(d).padStart(2, '0'));

const arbitraryBirth = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));

const arbitraryResidentPrefix = fc
  .tuple(arbitraryRegion, arbitraryBirth, fc.integer({ min: 0, max: 999 }))
  .map(([r, b, s]) => r + b + String(s).padStart(3, '0'));

const arbitraryCreditPrefix = fc
  .tuple(
    fc.constantFrom('11', '12', '51', '52', '53', '91', '92', '93', 'Y1', 'N2', 'A1'),
    fc.oneof(arbitraryRegion, fc.constant('100000')),
    fc.string({ unit: fc.constantFrom(...CREDIT_ALPHABET), minLength: 9, maxLength: 9 }),
  )
  .map(([head, region, org]) => head + region + org);

// ---------------------------------------------------------------------------
// Resident identity number
// ---------------------------------------------------------------------------

describe('resident identity number (GB 11643-1999)', () => {
  it.each([
    '11010519491231002X', // the GB 11643-1999 worked example
    '11010519491231002x', // lowercase x is accepted
    '652301199001011235',
    withCheck('44030520000229001'), // 29 February of a leap year divisible by 400
    withCheck('83000019900101001'), // Taiwan resident residence permit
  ])('accepts %s', (id) => {
    expect(isValidResidentId(id, TODAY)).toBe(true);
  });

  it('computes the check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('65230119900101123')).toBe('5');
    expect(() => residentIdCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckChar('1101051949123100A')).toThrow(RangeError);
  });

  it.each([
    ['wrong check character', '110105194912310021'],
    ['wrong check digit', '652301199001011234'],
    ['Feb 30', withCheck('65230119900230123')],
    ['Feb 29 of a non-leap year', withCheck('65230119000229123')],
    ['month 13', withCheck('65230119901301123')],
    ['day 00', withCheck('65230119900100123')],
    ['before 1900', withCheck('65230118991231123')],
    ['born in the future', withCheck('65230120250602123')],
    ['region 000000', withCheck('00000019900101123')],
    ['unknown province 99', withCheck('99010119900101123')],
    ['17 characters', '11010519491231002'],
    ['19 characters', '11010519491231002X0'],
    ['15-digit first generation', '110105491231002'],
    ['X in the body', '1101051949123100X2'],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ'],
    ['surrounding whitespace', ' 11010519491231002X'],
    ['empty', ''],
  ])('rejects %s', (_label, id) => {
    expect(isValidResidentId(id, TODAY)).toBe(false);
  });

  it('compares the birth date with today in Asia/Shanghai', () => {
    const born = withCheck('65230120250601123');
    expect(isValidResidentId(born, new Date('2025-05-31T15:59:59Z'))).toBe(false); // 23:59 in Beijing
    expect(isValidResidentId(born, new Date('2025-05-31T16:00:00Z'))).toBe(true); // 00:00 in Beijing
  });

  it('defaults today to the current date', () => {
    expect(isValidResidentId(withCheck('65230120990101123'))).toBe(false);
    expect(isValidResidentId('11010519491231002X')).toBe(true);
  });

  it('normalises input', () => {
    expect(normaliseResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  test.prop([arbitraryResidentPrefix])('appending the check character validates; any other does not', (prefix) => {
    const check = residentIdCheckChar(prefix);
    expect(isValidResidentId(prefix + check, TODAY)).toBe(true);
    for (const other of '0123456789X') {
      if (other !== check) expect(isValidResidentId(prefix + other, TODAY)).toBe(false);
    }
  });

  test.prop([arbitraryResidentPrefix, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 })])(
    'MOD 11-2 detects every single-digit substitution',
    (prefix, position, delta) => {
      const changed = withCharAt(prefix, position, String((Number(prefix[position]) + delta) % 10));
      expect(residentIdCheckChar(changed)).not.toBe(residentIdCheckChar(prefix));
    },
  );
});

function withCheck(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

// ---------------------------------------------------------------------------
// Unified social credit code
// ---------------------------------------------------------------------------

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    '91350100M000100Y43', // the example commonly cited with GB 32100-2015
    '91330100799655058B',
    '9144030071526726XG',
    '914403001922038216',
    '91110000802100433B',
  ])('accepts %s, including its GB 11714 organisation code', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
    expect(isValidCreditCode(code, { checkOrganizationCode: true })).toBe(true);
  });

  it('computes the check character', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100O4')).toThrow(RangeError);
  });

  it('accepts the central registration region 100000', () => {
    const prefix = '11100000MB0000000';
    expect(isValidCreditCode(prefix + creditCodeCheckChar(prefix))).toBe(true);
  });

  it.each([
    ['wrong check character', '91350100M000100Y44'],
    ['lowercase (not canonical)', '91350100m000100y43'],
    ['excluded letter O', '91350100M000100O43'],
    ['excluded letter I', '9I350100M000100Y43'],
    ['unknown authority 0', withCreditCheck('01350100M000100Y4')],
    ['unknown authority B', withCreditCheck('B1350100M000100Y4')],
    ['organisation type 0', withCreditCheck('90350100M000100Y4')],
    ['organisation type letter', withCreditCheck('9A350100M000100Y4')],
    ['region 000000', withCreditCheck('91000000M000100Y4')],
    ['region with a letter', withCreditCheck('913501A0M000100Y4')],
    ['17 characters', '91350100M000100Y4'],
    ['19 characters', '91350100M000100Y430'],
    ['empty', ''],
  ])('rejects %s', (_label, code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('optionally verifies the organisation code', () => {
    const prefix = '91350100M000100Y5'; // organisation code check should be 4
    const code = prefix + creditCodeCheckChar(prefix);
    expect(isValidCreditCode(code)).toBe(true);
    expect(isValidCreditCode(code, { checkOrganizationCode: true })).toBe(false);
  });

  it('validates GB 11714 organisation codes', () => {
    expect(isValidOrganizationCode('M000100Y4')).toBe(true);
    expect(isValidOrganizationCode('71526726X')).toBe(true);
    expect(isValidOrganizationCode('M000100Y5')).toBe(false);
    expect(isValidOrganizationCode('M000100Y')).toBe(false);
  });

  it('normalises input to the canonical form', () => {
    expect(normaliseCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode('9135 0100 M000 100Y 43')).toBe('91350100M000100Y43');
    expect(isValidCreditCode(normaliseCreditCode('91350100m000100y43'))).toBe(true);
  });

  test.prop([arbitraryCreditPrefix])('appending the check character validates; any other does not', (prefix) => {
    const check = creditCodeCheckChar(prefix);
    expect(isValidCreditCode(prefix + check)).toBe(true);
    for (const other of CREDIT_ALPHABET) {
      if (other !== check) expect(isValidCreditCode(prefix + other)).toBe(false);
    }
  });

  test.prop([arbitraryCreditPrefix, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 })])(
    'MOD 31 detects every single-character substitution',
    (prefix, position, delta) => {
      const value = CREDIT_ALPHABET.indexOf(prefix[position]!);
      const changed = withCharAt(prefix, position, CREDIT_ALPHABET[(value + delta) % 31]!);
      expect(creditCodeCheckChar(changed)).not.toBe(creditCodeCheckChar(prefix));
    },
  );
});

function withCreditCheck(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}

// ---------------------------------------------------------------------------
// Region codes and mobiles
// ---------------------------------------------------------------------------

describe('region codes (GB/T 2260)', () => {
  it.each(['110000', '110105', '652301', '460000', '500101', '710000', '810000', '820000'])('accepts %s', (code) => {
    expect(isValidRegionCode(code)).toBe(true);
  });
  it.each(['000000', '100000', '160000', '830000', '900000', '99999', '6523011', '65230a', ''])('rejects %s', (code) => {
    expect(isValidRegionCode(code)).toBe(false);
  });
});

describe('mobile numbers', () => {
  it.each(['13812345678', '19912345678', '15000000000'])('accepts %s', (p) => {
    expect(isValidMobile(p)).toBe(true);
  });
  it.each(['12812345678', '1381234567', '138123456789', '+8613812345678', '138 1234 5678', '23812345678', ''])(
    'rejects %s',
    (p) => {
      expect(isValidMobile(p)).toBe(false);
    },
  );
});

// ---------------------------------------------------------------------------
// Masking
// ---------------------------------------------------------------------------

describe('masking', () => {
  it('masks identity numbers keeping region and last 4', () => {
    expect(maskResidentId('652301199001011234')).toBe('652301********1234');
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
    expect(maskResidentId('1234567890')).toBe('**********');
  });

  it('masks phone numbers keeping first 3 and last 4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('1234567')).toBe('*******');
  });

  it('masks credit codes keeping authority, type, region and last 2', () => {
    expect(maskCreditCode('91350100M000100Y43')).toBe('91350100********43');
  });

  it('masks names keeping the first character', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('买买提·艾力')).toBe('买*****');
    expect(maskName('𠮷野家')).toBe('𠮷**'); // astral-plane character counts as one
    expect(maskName('李')).toBe('*');
    expect(maskName('')).toBe('');
  });

  test.prop([fc.string({ unit: 'grapheme-ascii', maxLength: 30 })])('masking preserves length', (s) => {
    expect(maskResidentId(s)).toHaveLength(s.length);
    expect(maskPhone(s)).toHaveLength(s.length);
    expect(maskCreditCode(s)).toHaveLength(s.length);
    expect(maskName(s)).toHaveLength(s.length);
  });
});
