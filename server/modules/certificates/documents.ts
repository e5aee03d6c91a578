import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { fields, finishPdf, heading, newPdf, qrPng, type Pdf } from '../../platform/pdf.js';
import { effectiveStatus, maskHolderId } from './rules.js';
import type { CertificateRow } from './schema.js';
import { fieldList, loadCertificate } from './service.js';
import { typesByKey } from './types.js';

/** A date as Chinese documents write it (Asia/Shanghai): 2026年3月2日. */
export const dateZh = (d: Date | string): string => {
  const x = typeof d === 'string' ? new Date(d.length === 10 ? `${d}T00:00:00+08:00` : d) : d;
  const s = new Date(x.getTime() + 8 * 3600_000).toISOString();
  return `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
};

/** A short, human-checkable fingerprint of a signature: what the seal line on paper shows. */
export const sealFingerprint = (signature: string): string => createHash('sha256').update(signature).digest('hex').slice(0, 16).toUpperCase().replace(/(.{4})(?!$)/g, '$1 ');

/** The seal line at the foot of a document: the organisation's approval seal, the date, and the signature's key and fingerprint. */
export function sealLine(doc: Pdf, orgName: string, date: Date | string, seal?: { keyId: string; signature: string }): void {
  doc.moveDown(1.5).font('zh').fontSize(11).fillColor('#222').text(`${orgName}（审批专用章）`, { align: 'right' });
  doc.text(dateZh(date), { align: 'right' });
  if (seal) doc.moveDown(0.3).fontSize(8.5).fillColor('#666').text(`电子签章：密钥 ${seal.keyId}　签名指纹 ${sealFingerprint(seal.signature)}`, { align: 'right' });
}

const statusZh = { suspended: '本证照已暂停使用', revoked: '本证照已撤销（吊销）', expired: '本证照已过有效期' } as const;

/**
 * A certificate as a printable PDF (GB/T 36905's visible parts: name, number, identifier, holder, issuer,
 * dates, the type's fields, the seal line) with a QR code of its verification page. `fullId`: the holder
 * and staff see the whole ID number; everything else prints it masked.
 */
export async function certificatePdf(q: Queryable, cert: CertificateRow, origin: string, options: { fullId: boolean; now: Date; subtitle?: string }): Promise<Buffer> {
  const issuer = String((cert.payload.issuer as { name?: string } | undefined)?.name ?? '');
  const issuerCode = String((cert.payload.issuer as { creditCode?: string } | undefined)?.creditCode ?? '');
  const type = (await typesByKey(q)).get(cert.type);
  const verifyUrl = `${origin}/verify/${cert.id}`;
  const doc = newPdf({ title: cert.title, subject: cert.number });

  const top = doc.y;
  doc.image(await qrPng(verifyUrl), doc.page.width - doc.page.margins.right - 80, top - 6, { width: 80 });
  doc.font('zh-bold').fontSize(15).fillColor('#b00').text(issuer, { width: 370 });
  doc.moveDown(0.6).font('zh-bold').fontSize(22).fillColor('#111').text(cert.title, { width: 370 });
  doc.font('zh').fontSize(10).fillColor('#555').text(options.subtitle ?? `电子证照 · ${type?.name ?? cert.type}`, { width: 370 });
  doc.x = doc.page.margins.left;
  doc.y = Math.max(doc.y, top + 88);

  const status = effectiveStatus(cert.status, cert.validUntil, options.now);
  if (status !== 'valid') {
    doc.moveDown(0.3).font('zh-bold').fontSize(13).fillColor('#c00').text(`${statusZh[status]}${cert.statusReason ? `：${cert.statusReason}` : ''}`);
  }
  heading(doc, '证照信息');
  fields(doc, [
    ['证照编号', cert.number],
    ['证照标识', cert.identifier ?? '—'],
    ['持证主体', cert.holder.name],
    [cert.holder.kind === 'company' ? '统一社会信用代码' : '身份证号码', options.fullId ? cert.holder.idNumber : maskHolderId(cert.holder.kind, cert.holder.idNumber)],
    ['颁发机构', issuer],
    ['颁发机构代码', issuerCode || '—'],
    ['颁证日期', dateZh(cert.issuedAt)],
    ['有效期', `${dateZh(cert.validFrom)} 至 ${cert.validUntil ? dateZh(cert.validUntil) : '长期'}`],
  ]);
  const content = fieldList(type, cert.payload.fields as Record<string, unknown> | undefined).filter((f) => f.key !== 'caseNumber');
  if (content.length) {
    heading(doc, '证照内容');
    fields(doc, content.map((f) => [f.name, f.value]));
  }
  doc.moveDown(0.6).font('zh').fontSize(9).fillColor('#444').text(`扫描二维码或访问 ${verifyUrl} 核验本证照的真伪和当前状态；也可下载签名文件，用公布的印章公钥离线核验。`);
  sealLine(doc, issuer, cert.issuedAt, { keyId: cert.keyId, signature: cert.signature });
  return finishPdf(doc, `${cert.number} · ${cert.title}`);
}

/** The PDF for its holder or library staff (404 for anyone else). */
export async function certificatePdfFor(ctx: Ctx, id: string, origin: string): Promise<{ pdf: Buffer; number: string }> {
  const { row } = await loadCertificate(ctx.db, ctx.actor, id);
  return { pdf: await certificatePdf(ctx.db, row, origin, { fullId: true, now: ctx.clock.now() }), number: row.number };
}
