import { fields, finishPdf, heading, newPdf, numbered, qrPng, type Pdf } from '../../platform/pdf.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { certificatePdf, dateZh, findCertificate, sealLine } from '../certificates/index.js';
import { findOrg } from '../orgs/index.js';
import { getCase, type CaseView } from './service.js';

export const documentKinds = ['acceptance.pdf', 'refusal.pdf', 'correction.pdf', 'decision.pdf', 'certificate.pdf'] as const;
export type DocumentKind = (typeof documentKinds)[number];

async function letterhead(doc: Pdf, orgName: string, title: string, caseNumber: string, qrUrl: string): Promise<void> {
  const top = doc.y;
  doc.image(await qrPng(qrUrl), doc.page.width - doc.page.margins.right - 70, top - 6, { width: 70 });
  doc.font('zh-bold').fontSize(15).fillColor('#b00').text(orgName, { width: 380 });
  doc.moveDown(0.6).font('zh-bold').fontSize(20).fillColor('#111').text(title, { width: 380 });
  doc.font('zh').fontSize(10).fillColor('#555').text(`办件编号 ${caseNumber}`, { width: 380 });
  doc.x = doc.page.margins.left;
  doc.y = Math.max(doc.y, top + 78);
}

/**
 * The printable documents of a case (Art. 32, 38, 44), in Chinese, for whoever may see the case.
 * @throws Problem 'case.invalid_transition' when the case has not reached the document yet.
 */
export async function caseDocumentPdf(ctx: Ctx, caseId: string, kind: DocumentKind, origin: string): Promise<Buffer> {
  const view = await getCase(ctx, caseId);
  const c = view.case;
  const intake = (await findOrg(ctx.db, c.intakeOrgId))!;
  const caseUrl = `${origin}/my/cases/${c.id}`;
  const notYet = () => new Problem('case.invalid_transition', `the case has no ${kind.replace('.pdf', '')} yet`);
  const lastEvent = (action: string) => [...view.events].reverse().find((e) => e.action === action);
  const applicantLine: [string, string][] = [
    ['申请人', c.applicant.name],
    [c.applicant.kind === 'company' ? '统一社会信用代码' : '身份证号码', c.applicant.idNumber],
    ['申请事项', `${c.itemName}（${c.itemCode}）`],
  ];
  let doc: Pdf;
  switch (kind) {
    case 'acceptance.pdf': {
      if (!c.acceptedAt && !view.clock.startedOn) throw notYet();
      doc = newPdf({ title: '受理通知书', subject: c.caseNumber });
      await letterhead(doc, intake.name, '受理通知书', c.caseNumber, caseUrl);
      doc.font('zh').fontSize(11).fillColor('#222').text(`${c.applicant.name}：`);
      doc.moveDown(0.3).text(`你（单位）于${dateZh(c.receivedAt ?? c.createdAt)}提出的${c.itemName}申请，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，本机关决定予以受理。`, { indent: 22 });
      heading(doc, '办理时限');
      fields(doc, [...applicantLine, ['受理日期', dateZh(view.clock.startedOn!)], ['承诺办结', `${c.promisedLimit} 个工作日，${view.clock.promisedDueOn ? dateZh(view.clock.promisedDueOn) : ''}前`], ['法定办结', `${c.statutoryLimit} 个工作日，${view.clock.statutoryDueOn ? dateZh(view.clock.statutoryDueOn) : ''}前`]]);
      const pending = view.materials.filter((m) => m.status === 'pending');
      if (pending.length && c.commitment) {
        heading(doc, '容缺受理：待补材料');
        numbered(doc, pending.map((m) => view.materialSpecs.find((s) => s.key === m.materialKey)?.name ?? m.materialKey));
        doc.text(`请于${c.pendingDueOn ? dateZh(c.pendingDueOn) : ''}前补齐。申请人承诺：${c.commitment.text}；逾期未补齐的，${c.commitment.onBreach === 'revoke' ? '撤销' : '终止办理'}本申请。`);
      }
      sealLine(doc, intake.name, c.acceptedAt ?? view.clock.startedOn!);
      break;
    }
    case 'refusal.pdf': {
      const e = lastEvent('refuseIntake');
      if (!e) throw notYet();
      doc = newPdf({ title: '不予受理通知书', subject: c.caseNumber });
      await letterhead(doc, intake.name, '不予受理通知书', c.caseNumber, caseUrl);
      doc.font('zh').fontSize(11).text(`${c.applicant.name}：`);
      doc.moveDown(0.3).text(`你（单位）提出的${c.itemName}申请，经审查，决定不予受理。理由：${e.reason ?? ''}`, { indent: 22 });
      const competent = (e.data as { competentOrg?: { name: string } } | null)?.competentOrg;
      if (competent) doc.moveDown(0.3).text(`该申请事项依法不属于本机关职权范围，请向${competent.name}申请。`, { indent: 22 });
      doc.moveDown(0.3).text('如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。', { indent: 22 });
      sealLine(doc, intake.name, e.at);
      break;
    }
    case 'correction.pdf': {
      const e = lastEvent('requestCorrection');
      if (!e) throw notYet();
      const items = ((e.data as { items?: { materialKey?: string; note: string }[] } | null)?.items ?? []);
      doc = newPdf({ title: '补正材料通知书', subject: c.caseNumber });
      await letterhead(doc, intake.name, '补正材料通知书（一次性告知）', c.caseNumber, caseUrl);
      doc.font('zh').fontSize(11).text(`${c.applicant.name}：`);
      doc.moveDown(0.3).text(`你（单位）提出的${c.itemName}申请，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知需要补正的全部内容：`, { indent: 22 });
      numbered(doc, items.map((i) => `${i.materialKey ? `${view.materialSpecs.find((s) => s.key === i.materialKey)?.name ?? i.materialKey}：` : ''}${i.note}`));
      doc.text('请按上述要求一次补齐后重新提交；补正期间不计入办理时限。', { indent: 22 });
      sealLine(doc, intake.name, e.at);
      break;
    }
    case 'decision.pdf': {
      const d = c.decision;
      if (!d) throw notYet();
      doc = newPdf({ title: d.outcome === 'approve' ? '准予行政许可决定书' : '不予行政许可决定书', subject: c.caseNumber });
      await letterhead(doc, d.orgName, d.outcome === 'approve' ? '准予行政许可决定书' : '不予行政许可决定书', c.caseNumber, caseUrl);
      doc.font('zh').fontSize(11).text(`${c.applicant.name}：`);
      doc.moveDown(0.3).text(`你（单位）提出的${c.itemName}申请，本机关依法进行了审查，现决定：${d.outcome === 'approve' ? '准予许可' : '不予许可'}。`, { indent: 22 });
      heading(doc, d.outcome === 'approve' ? '决定内容' : '理由');
      doc.text(d.reasons);
      if (d.remedy) doc.moveDown(0.5).text(d.remedy);
      fields(doc, applicantLine);
      doc.fontSize(8.5).fillColor('#666').text(`决定人：${d.deciderName}　摘要 SHA-256：${d.digest}`);
      sealLine(doc, d.orgName, d.decidedAt, d);
      break;
    }
    case 'certificate.pdf': {
      if (!c.certificateId) throw notYet();
      // The library's own document: the same one its holder downloads under 我的证照.
      return certificatePdf(ctx.db, (await findCertificate(ctx.db, c.certificateId))!, origin, { fullId: true, now: ctx.clock.now(), subtitle: `办件编号 ${c.caseNumber}` });
    }
  }
  return finishPdf(doc, `${c.caseNumber} · ${c.itemName}`);
}

export type { CaseView };
