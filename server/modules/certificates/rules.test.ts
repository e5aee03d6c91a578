import { generateKeyPairSync, sign } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isValidCreditCode } from '../../../common/id-codes.js';
import { canonicalJson, sha256 } from '../../platform/digest.js';
import {
  allowedStatusActions, buildIdentifier, certificateTypeForItem, checkFields, checkSignature, effectiveStatus, governmentCreditCode, isValidTypeCode, issuerCreditCode, mod3736CheckChar,
  nationalTypeCode, parseIdentifier, statusAfter, validityEnd, verifySignedDocument, type PublicJwk,
} from './rules.js';
import type { CertificateField } from './schema.js';
import { builtInTypes } from './types-data.js';

describe('codes (GB 32100, GB/T 36902)', () => {
  it('derives check-character-valid credit codes for government bodies, stable per seed', () => {
    const code = issuerCreditCode({ code: '652301-market', regionCode: '652301' });
    expect(code).toMatch(/^11652301MB[0-9A-Z]{7}[0-9A-Z]$/);
    expect(isValidCreditCode(code, { checkOrganizationCode: true })).toBe(true);
    expect(issuerCreditCode({ code: '652301-market', regionCode: '652301' })).toBe(code);
    expect(issuerCreditCode({ code: '652302-market', regionCode: '652302' })).not.toBe(code);
  });

  test.prop([fc.string({ minLength: 1, maxLength: 20 })])('every seed gives a valid credit code', (seed) => {
    expect(isValidCreditCode(governmentCreditCode(seed, '652300'), { checkOrganizationCode: true })).toBe(true);
  });

  it('makes national type codes: the definer\'s credit code (central region) and a 3-digit sequence', () => {
    const code = nationalTypeCode('market', 7);
    expect(code).toMatch(/^11100000MB[0-9A-Z]{8}007$/);
    expect(isValidTypeCode(code)).toBe(true);
    expect(isValidTypeCode(`${code.slice(0, 18)}000`)).toBe(false);
    expect(isValidTypeCode(`${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}007`)).toBe(false);
    expect(() => nationalTypeCode('market', 1000)).toThrow();
  });

  it('gives every built-in type a unique, valid code and key', () => {
    expect(new Set(builtInTypes.map((t) => t.nationalCode)).size).toBe(builtInTypes.length);
    expect(new Set(builtInTypes.map((t) => t.key)).size).toBe(builtInTypes.length);
    for (const t of builtInTypes) expect(isValidTypeCode(t.nationalCode), t.key).toBe(true);
    // Every type the service catalog names is in the library.
    for (const key of ['residentIdCard', 'businessLicence', 'householdRegister', 'realEstateCertificate', 'socialSecurityCard', 'degreeCertificate', 'marriageCertificate', 'foodBusinessLicence', 'driversLicence', 'birthCertificate']) {
      expect(builtInTypes.some((t) => t.key === key), key).toBe(true);
    }
  });

  it('maps items to the certificate they issue, and the rest to the item result', () => {
    expect(certificateTypeForItem('01047004001')).toBe('foodBusinessLicence');
    expect(certificateTypeForItem('07047001001')).toBe('businessLicence');
    expect(certificateTypeForItem('01032001001')).toBe('itemResult');
    for (const key of new Set(['01047004001', '07031002001', '07009010001', '20020012001'].map(certificateTypeForItem))) expect(builtInTypes.some((t) => t.key === key), key).toBe(true);
  });
});

describe('identifiers (GB/T 36904 structure)', () => {
  const parts = { typeCode: nationalTypeCode('market', 1), issuerCode: issuerCreditCode({ code: '652301-market', regionCode: '652301' }), number: 'YZ652301-2021-004518', version: 1 };

  it('puts root, type code, issuer code, number, version and check character in order', () => {
    const id = buildIdentifier(parts);
    const [root, rest] = [id.slice(0, 14), id.slice(15)];
    expect(root).toBe('1.2.156.3005.2');
    expect(rest.split('.')).toEqual([parts.typeCode, parts.issuerCode, parts.number, '001', expect.stringMatching(/^[0-9A-Z]$/)]);
    expect(parseIdentifier(id)).toEqual(parts);
  });

  it('computes the ISO/IEC 7064 MOD 37,36 check character', () => {
    // The standard's own example for MOD 37,36 (hybrid system): A12425GABC1234002 → M.
    expect(mod3736CheckChar('A12425GABC1234002')).toBe('M');
  });

  it('rejects any single changed character in the checked parts, and nearly every swap of neighbours', () => {
    const id = buildIdentifier(parts);
    const body = id.slice(15, id.length - 2);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const at = (text: string) => `1.2.156.3005.2.${text}.${id.at(-1)}`;
    let swaps = 0;
    let caught = 0;
    for (let i = 0; i < body.length; i++) {
      if (!alphabet.includes(body[i]!)) continue;
      for (const other of alphabet) if (other !== body[i]) expect(parseIdentifier(at(`${body.slice(0, i)}${other}${body.slice(i + 1)}`))).toBeNull();
      const j = i + 1;
      if (j < body.length && alphabet.includes(body[j]!) && body[i] !== body[j]) {
        swaps++;
        if (!parseIdentifier(at(`${body.slice(0, i)}${body[j]}${body[i]}${body.slice(j + 1)}`))) caught++;
      }
    }
    expect(caught / swaps).toBeGreaterThan(0.9);
  });

  it('refuses what does not fit the structure', () => {
    expect(() => buildIdentifier({ ...parts, number: 'a.b' })).toThrow();
    expect(() => buildIdentifier({ ...parts, version: 0 })).toThrow();
    expect(() => buildIdentifier({ ...parts, issuerCode: 'X'.repeat(18) })).toThrow();
    expect(parseIdentifier('1.2.156.3005.1.x')).toBeNull();
  });
});

describe('fields', () => {
  const fields: CertificateField[] = [
    { key: 'name', name: '名称', nameEn: 'Name', type: 'string', required: true },
    { key: 'since', name: '成立日期', nameEn: 'Since', type: 'date', required: true },
    { key: 'area', name: '面积', nameEn: 'Area', type: 'number', required: false },
    { key: 'chain', name: '连锁', nameEn: 'Chain', type: 'boolean', required: false },
  ];
  it('accepts values of the right types', () => {
    expect(checkFields(fields, { name: '天山', since: '2021-04-12', area: 98.6, chain: false }, '/f')).toEqual([]);
  });
  it('names each missing, mistyped and unknown field', () => {
    const errors = checkFields(fields, { since: '2021-02-30', area: '98', chain: 'yes', extra: 1 }, '/f');
    expect(errors.map((e) => e.field).sort()).toEqual(['/f/area', '/f/chain', '/f/extra', '/f/name', '/f/since']);
  });
});

describe('status', () => {
  const now = new Date('2026-03-02T02:00:00Z');
  it('derives expired from the validity', () => {
    expect(effectiveStatus('valid', new Date('2026-03-01T00:00:00Z'), now)).toBe('expired');
    expect(effectiveStatus('valid', null, now)).toBe('valid');
    expect(effectiveStatus('revoked', new Date('2020-01-01'), now)).toBe('revoked');
  });
  it('allows suspend and revoke of a valid one, reinstate of a suspended one, nothing after revocation', () => {
    expect(allowedStatusActions('valid')).toEqual(['suspend', 'revoke']);
    expect(allowedStatusActions('suspended')).toEqual(['reinstate', 'revoke']);
    expect(allowedStatusActions('expired')).toEqual(['revoke']);
    expect(allowedStatusActions('revoked')).toEqual([]);
    expect(statusAfter('reinstate', 'valid')).toBeNull();
    expect(statusAfter('revoke', 'suspended')).toBe('revoked');
  });
  it('ends a validity the same day N years on, or never', () => {
    expect(validityEnd(new Date('2021-04-12T15:59:59.999Z'), 5)?.toISOString()).toBe('2026-04-12T15:59:59.999Z');
    expect(validityEnd(new Date('2021-04-12T15:59:59.999Z'), null)).toBeNull();
  });
});

describe('offline verification (shared by the server and `onetrip certificate verify`)', () => {
  const keyPair = () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    return { privateKey, x: publicKey.export({ format: 'jwk' }).x! };
  };
  const old = keyPair();
  const current = keyPair();
  const stranger = keyPair();
  const payload = { id: '0190f1c2-0000-7000-8000-000000000001', number: 'YZ652301-2021-004518', holder: { name: '昌吉市天山食品有限公司', idNumber: '91652301********12' }, fields: { area: 98.6, scope: '食品销售' } };
  const signWith = (k: ReturnType<typeof keyPair>, kid: string, value: object = payload) => {
    const digest = sha256(canonicalJson(value));
    return { payload: value as Record<string, unknown>, signature: sign(null, Buffer.from(digest, 'hex'), k.privateKey).toString('base64url'), kid, alg: 'EdDSA' as const, digest };
  };
  const jwks = (...keys: PublicJwk[]) => ({ keys: keys.map((k) => ({ kty: 'OKP', crv: 'Ed25519', ...k })) });
  const keys = jwks({ kid: 'old', x: old.x, retiredAt: '2026-01-01T00:00:00Z', revokedAt: null }, { kid: 'current', x: current.x, retiredAt: null, revokedAt: null });

  it('says valid for an untouched document, whatever the key order in the payload', () => {
    const doc = signWith(current, 'current');
    expect(verifySignedDocument(doc, keys).verdict).toBe('valid');
    const reordered = { ...doc, payload: { fields: { scope: '食品销售', area: 98.6 }, holder: payload.holder, number: payload.number, id: payload.id } };
    expect(verifySignedDocument(reordered, keys).verdict).toBe('valid');
  });

  it('says tampered when one field of the payload changed, with or without the stated digest', () => {
    const doc = signWith(current, 'current');
    const changed = { ...doc, payload: { ...payload, fields: { ...payload.fields, area: 198.6 } } };
    expect(verifySignedDocument(changed, keys).verdict).toBe('tampered');
    const { digest: _, ...withoutDigest } = changed;
    expect(verifySignedDocument(withoutDigest, keys).verdict).toBe('tampered');
    expect(verifySignedDocument({ ...doc, signature: signWith(current, 'current', { ...payload, number: 'X' }).signature }, keys).verdict).toBe('tampered');
  });

  it('says tampered when signed by another key than the one named (a wrong key)', () => {
    expect(verifySignedDocument(signWith(stranger, 'current'), keys).verdict).toBe('tampered');
  });

  it('says unknown key for a key that is not published', () => {
    expect(verifySignedDocument(signWith(stranger, 'stranger'), keys).verdict).toBe('unknown_key');
    expect(verifySignedDocument(signWith(current, 'current'), jwks({ kid: 'current', x: 'not-a-key' })).verdict).toBe('unknown_key');
  });

  it('still verifies what a rotated-out key signed', () => {
    expect(verifySignedDocument(signWith(old, 'old'), keys).verdict).toBe('valid');
  });

  it('says revoked key for anything a revoked key signed, even untouched', () => {
    const revoked = jwks({ kid: 'old', x: old.x, retiredAt: '2026-01-01T00:00:00Z', revokedAt: '2026-02-01T00:00:00Z' });
    expect(verifySignedDocument(signWith(old, 'old'), revoked).verdict).toBe('revoked_key');
    expect(checkSignature(payload, { signature: signWith(old, 'old').signature }, { kid: 'old', x: old.x, revokedAt: new Date() })).toBe('revoked_key');
  });

  it('refuses input that is not a signed document or a key set', () => {
    expect(verifySignedDocument({ payload: 'x' }, keys).verdict).toBe('malformed');
    expect(verifySignedDocument(signWith(current, 'current'), [{}]).verdict).toBe('malformed');
    expect(verifySignedDocument({ ...signWith(current, 'current'), alg: 'RS256' }, keys).verdict).toBe('malformed');
  });
});
