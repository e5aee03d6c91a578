/**
 * Validation and masking of Chinese identification codes: citizen identity numbers,
 * unified social credit codes, administrative region codes and mobile numbers.
 *
 * Pure and dependency-free: this module runs in the browser as well as on the server.
 */

// ---------------------------------------------------------------------------
// Administrative region codes (GB/T 2260)
// ---------------------------------------------------------------------------

/**
 * Province-level codes of GB/T 2260 (first two digits): the 31 mainland provinces,
 * autonomous regions and municipalities, plus 71 Taiwan, 81 Hong Kong and 82 Macao.
 * The set has been stable since 50 (Chongqing) was added in 1997.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/**
 * Whether `code` is structurally a GB/T 2260 six-digit region code with a known province part.
 *
 * Only the structure is checked (the list of prefectures and counties changes every year and
 * lives in the database); identity numbers keep the code valid when they were issued.
 */
export function isValidRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && PROVINCE_CODES.has(code.slice(0, 2));
}

// ---------------------------------------------------------------------------
// Citizen identity number (GB 11643-1999)
// ---------------------------------------------------------------------------

/** ISO 7064 MOD 11-2 weights (2^(17-i) mod 11 for 0-based position i), per GB 11643-1999 §8.2. */
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check characters indexed by the weighted sum mod 11, per GB 11643-1999 §8.2 (10 is written X). */
const RESIDENT_ID_CHECK = '10X98765432';

/**
 * Province parts allowed in an identity number: the region codes above plus 83, which the
 * Measures for Residence Permits for Hong Kong, Macao and Taiwan Residents (2018) assign to
 * Taiwan residents' permits (81/82 serve Hong Kong/Macao) — these numbers follow GB 11643.
 */
function isIdentityRegion(code: string): boolean {
  return isValidRegionCode(code) || code === '830000';
}

/** Computes the GB 11643-1999 check character (0–9 or X) for the first 17 digits of an identity number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i]!;
  return RESIDENT_ID_CHECK[sum % 11]!;
}

/** Normalises user input of an identity number: trims whitespace and upper-cases a trailing x. */
export function normaliseResidentId(id: string): string {
  return id.trim().toUpperCase();
}

/**
 * Whether `id` is a valid 18-character GB 11643-1999 identity number (a lowercase x is accepted).
 *
 * Checks the region structure, that the birth date is a real date between 1900-01-01 and
 * `today` (in Asia/Shanghai; defaults to now) and no later than 2100, and the MOD 11-2 check
 * character. First-generation 15-digit numbers are rejected: they ceased to be valid on
 * 2013-01-01 under the Resident Identity Card Law (2011 amendment).
 */
export function isValidResidentId(id: string, today: Date = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!isIdentityRegion(id.slice(0, 6))) return false;
  const birth = id.slice(6, 14);
  if (!isRealBirthDate(birth, today)) return false;
  return residentIdCheckChar(id.slice(0, 17)) === id[17]!.toUpperCase();
}

/** Whether 'YYYYMMDD' is a real Gregorian date in [1900-01-01, min(today, 2100-12-31)]. */
function isRealBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  if (day > daysInMonth(year, month)) return false;
  if (Number.isNaN(today.getTime())) throw new RangeError('invalid reference date');
  // Compare with today's date in Asia/Shanghai (UTC+8): a child born this morning in Beijing
  // must validate even while it is still yesterday in UTC.
  const shanghaiToday = new Date(today.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return yyyymmdd <= shanghaiToday;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// ---------------------------------------------------------------------------
// Unified social credit code (GB 32100-2015)
// ---------------------------------------------------------------------------

/** The 31 code characters of GB 32100-2015 §4 (I, O, Z, S, V are excluded); index = numeric value. */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** MOD 31 weights (3^i mod 31 for 0-based position i) of GB 32100-2015 §5. */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Registration authority codes (1st character) allocated so far: 1 机构编制, 2 外交, 3 司法行政,
 * 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商/市场监管, A 中央军委改革和编制办公室, N 农业, Y 其他.
 * The organisation-type code (2nd character) is only checked to be a digit 1–9, because the
 * per-authority type tables have been extended several times since 2015.
 */
const CREDIT_AUTHORITIES = '123456789ANY';

/** Region part for bodies registered by central authorities (e.g. 国务院 ministries: 111000…). */
const CENTRAL_REGION = '100000';

/** Computes the GB 32100-2015 MOD 31 check character for the first 17 characters of a credit code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('expected 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new RangeError(`invalid credit code character ${JSON.stringify(first17[i])}`);
    sum += value * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Normalises user input of a credit code: removes whitespace and upper-cases it.
 *
 * Only uppercase is canonical (GB 32100-2015 §4), so validation is strict and input should be
 * normalised first; look-alike letters (O→0, I→1) are deliberately not corrected.
 */
export function normaliseCreditCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

/** GB 11714-1997 weights of the 8 body characters of an organisation code. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Whether `code` is a valid 9-character GB 11714-1997 organisation code (8 body characters, check 0–9 or X).
 *
 * Letters are valued A=10 … Z=35 as in GB 11714-1997 §5.
 */
export function isValidOrganizationCode(code: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(code[i]!, 36) * ORG_CODE_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  const expected = check === 10 ? 'X' : check === 11 ? '0' : String(check);
  return code[8] === expected;
}

/** Options for {@link isValidCreditCode}. */
export interface CreditCodeOptions {
  /**
   * Also verify the GB 11714 check of the embedded organisation code (positions 9–17).
   * Off by default: the GB 32100 check character already covers the whole code, and a
   * portal should not reject a code the registration authority actually issued.
   */
  checkOrganizationCode?: boolean;
}

/**
 * Whether `code` is a valid canonical (uppercase) GB 32100-2015 unified social credit code.
 *
 * Checks the alphabet, registration authority, organisation-type digit, region part
 * (GB/T 2260 structure or 100000 for central registration) and MOD 31 check character.
 */
export function isValidCreditCode(code: string, options: CreditCodeOptions = {}): boolean {
  if (code.length !== 18) return false;
  for (const ch of code) if (!CREDIT_ALPHABET.includes(ch)) return false;
  if (!CREDIT_AUTHORITIES.includes(code[0]!) || !/[1-9]/.test(code[1]!)) return false;
  const region = code.slice(2, 8);
  if (region !== CENTRAL_REGION && !isValidRegionCode(region)) return false;
  if (options.checkOrganizationCode && !isValidOrganizationCode(code.slice(8, 17))) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

// ---------------------------------------------------------------------------
// Mobile numbers
// ---------------------------------------------------------------------------

/**
 * Whether `phone` is a mainland China mobile number (11 digits, 1[3-9]…) without country code or separators.
 *
 * The second digit range follows the MIIT numbering plan (电信网码号资源管理办法), where 13x–19x are mobile.
 */
export function isValidMobile(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone);
}

// ---------------------------------------------------------------------------
// Masking for display and logs (Personal Information Protection Law Art. 51, GB/T 35273-2020 §6.2 de-identification)
// ---------------------------------------------------------------------------

/** Keeps `head` leading and `tail` trailing characters and stars the rest; masks everything when too short. */
function maskMiddle(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/** Masks an identity number keeping the region code and the last 4 characters: `652301********1234`. */
export function maskResidentId(id: string): string {
  return maskMiddle(id, 6, 4);
}

/** Masks a mobile number keeping the first 3 and last 4 digits: `138****5678`. */
export function maskPhone(phone: string): string {
  return maskMiddle(phone, 3, 4);
}

/**
 * Masks a credit code keeping the first 8 characters (authority, type, region — not identifying)
 * and the last 2: `91350100********43`.
 *
 * Credit codes of companies are public, but those of 个体工商户 (92…) identify a natural person.
 */
export function maskCreditCode(code: string): string {
  return maskMiddle(code, 8, 2);
}

/** Masks a personal name keeping only its first character (by code point): `张三丰` → `张**`. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}
