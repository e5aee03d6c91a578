import type { MaterialSpec } from '../../../common/catalog.js';
import { fields, finishPdf, heading, newPdf, numbered, qrPng } from '../../platform/pdf.js';
import type { ItemVersionRow } from './schema.js';
import type { Notice } from './service.js';

// The catalog's printable documents, in Chinese as they are handed over at the window.

export const itemTypeZh: Record<string, string> = { licensing: '行政许可', confirmation: '行政确认', payment: '行政给付', award: '行政奖励', ruling: '行政裁决', publicService: '公共服务', other: '其他行政权力' };
const channelZh: Record<string, string> = { online: '网上办理', window: '窗口办理', agencyPoint: '就近代办点办理', mobile: '掌上办理' };
const levelZh: Record<string, string> = { prefecture: '州级', county: '县（市）级', township: '乡镇（街道）', village: '村（社区）' };
const formZh: Record<string, string> = { original: '原件', copy: '复印件', electronic: '电子文件' };

const replacementZh = (m: MaterialSpec): string => {
  if (!m.replaceableBy) return '';
  return 'certificateType' in m.replaceableBy ? '（可调用电子证照，免于提交）' : '（可通过数据共享核验，免于提交）';
};

/** The one-time notice (一次性告知单) as a PDF, with a QR code back to its page. */
export async function noticePdf(notice: Notice, pageUrl: string, centreName: string): Promise<Buffer> {
  const v = notice.version;
  const impl = notice.implementation;
  const doc = newPdf({ title: `${v.name} 一次性告知单`, subject: notice.item.code });
  const qr = await qrPng(pageUrl);
  const top = doc.y;
  doc.image(qr, doc.page.width - doc.page.margins.right - 76, top - 8, { width: 76 });
  doc.font('zh').fontSize(10).fillColor('#555').text(centreName, { width: 360 });
  doc.moveDown(0.3).font('zh-bold').fontSize(18).fillColor('#111').text(v.name, { width: 380 });
  doc.font('zh').fontSize(10).fillColor('#555').text(`一次性告知单　　事项编码 ${notice.item.code}　　第 ${v.number} 版`, { width: 380 });
  doc.fontSize(8).text('扫码查看最新告知', doc.page.width - doc.page.margins.right - 80, top + 70, { width: 84, align: 'center' });
  doc.x = doc.page.margins.left;
  doc.y = Math.max(doc.y, top + 92);

  heading(doc, '基本信息');
  const fees = v.fees.length ? v.fees.map((f) => `${f.name} ${f.amountYuan} 元（${f.basis}）`).join('；') : '不收费';
  fields(doc, [
    ['事项类型', itemTypeZh[v.type] ?? v.type],
    ['实施机构', impl ? impl.org.name : notice.implementers.map((o) => o.name).slice(0, 6).join('、') + (notice.implementers.length > 6 ? ` 等 ${notice.implementers.length} 个机构` : '')],
    ['法定办结时限', `${v.statutoryLimit} 个工作日`],
    ['承诺办结时限', `${impl?.promisedLimit ?? v.promisedLimit} 个工作日${(impl?.promisedLimit ?? v.promisedLimit) === 0 ? '（即办）' : ''}`],
    ['收费', fees + (impl?.feeNote ? `；${impl.feeNote}` : '')],
    ['办理渠道', v.channels.map((c) => channelZh[c] ?? c).join('、')],
    ['到现场次数', v.trips === 0 ? '0 次（全程网办）' : `${v.trips} 次`],
    ['最多跑一次', notice.oneTrip ? `是（第${notice.oneTrip.batch}批，${notice.oneTrip.since} 起）` : '否'],
    ['容缺受理', v.pendingAllowed ? '可以（次要材料可承诺后补）' : '不适用'],
    ['受理 / 决定层级', `${levelZh[v.intakeLevel]}受理，${levelZh[v.decisionLevel]}决定`],
  ]);

  heading(doc, '受理条件');
  doc.text(v.conditions);

  heading(doc, '申请材料');
  numbered(doc, v.materials.map((m) => `${m.name}　${formZh[m.form]} ${m.copies} 份${m.kind === 'secondary' ? '　［可容缺后补］' : ''}${m.template ? '　［有模板和样表］' : ''}${replacementZh(m)}${m.notes ? `　${m.notes}` : ''}`));

  heading(doc, '办理流程');
  numbered(doc, v.process.map((p) => `${p.step}（${levelZh[p.level]}）`));

  if (impl?.sites.length) {
    heading(doc, '办理地点和时间');
    for (const s of impl.sites.slice(0, 12)) {
      doc.font('zh-bold').fontSize(10.5).text(s.name);
      doc.font('zh').fontSize(10).text(`地址：${s.address}　　电话：${s.phone || impl.phone}`);
      doc.text(`时间：${s.hours}`);
      if (s.windows.length) doc.text(`窗口：${s.windows.map((w) => `${w.number} ${w.name}`).join('；')}`);
      doc.moveDown(0.3);
    }
    if (impl.sites.length > 12) doc.text(`另有 ${impl.sites.length - 12} 个代办点，见网上告知页面。`);
  }

  heading(doc, '设定依据');
  numbered(doc, v.legalBasis.map((l) => `${l.law}${l.article}${l.text ? `：${l.text}` : ''}`));

  doc.moveDown(0.8).font('zh').fontSize(9.5).fillColor('#333').text(
    '本告知单一次性告知办理本事项所需的全部材料和条件。申请人按本告知单提交材料后，受理机构不得要求提交本告知单以外的材料；材料不全的，受理机构应当一次性告知需要补正的全部内容（《中华人民共和国行政许可法》第三十二条）。',
  );
  return finishPdf(doc, `${centreName} · ${v.name} · ${pageUrl}`);
}

/** A blank application form (申请表), or the same form filled with the example values (样表). */
export async function formTemplatePdf(code: string, v: ItemVersionRow, material: MaterialSpec, filled: boolean): Promise<Buffer> {
  const doc = newPdf({ title: `${material.name}${filled ? '（样表）' : ''}`, subject: code });
  if (filled) doc.font('zh-bold').fontSize(36).fillColor('#e8e8e8').text('样 表', 0, 320, { align: 'center', width: doc.page.width });
  doc.x = doc.page.margins.left;
  doc.y = doc.page.margins.top;
  doc.font('zh-bold').fontSize(17).fillColor('#111').text(material.name, { align: 'center' });
  doc.font('zh').fontSize(9.5).fillColor('#666').text(`${v.name}　事项编码 ${code}${filled ? '　（填写示例）' : ''}`, { align: 'center' });
  doc.moveDown(1);

  const rows: [string, string][] = [
    [v.applicantKinds.includes('company') ? '申请人（单位）名称' : '申请人姓名', filled ? (v.applicantKinds.includes('company') ? '昌吉市天山食品有限公司' : '张伟') : ''],
    [v.applicantKinds.includes('company') ? '统一社会信用代码' : '身份证号码', filled ? (v.applicantKinds.includes('company') ? '91652301MA78TXFD0X' : '652301199003071230') : ''],
    ['联系电话', filled ? '13899120001' : ''],
  ];
  for (const [key, p] of Object.entries(v.formSchema.properties)) {
    const required = v.formSchema.required.includes(key) ? ' *' : '';
    let value = '';
    if (filled) {
      const example = p.examples?.[0];
      const label = p['x-enum-labels']?.find((l) => l.value === example)?.label;
      value = example === undefined ? '' : typeof example === 'boolean' ? (example ? '是' : '否') : String(label ?? example);
    } else if (p['x-enum-labels']) value = p['x-enum-labels'].map((l) => `□ ${l.label}`).join('   ');
    else if (p.type === 'boolean') value = '□ 是   □ 否';
    rows.push([`${p.title}${required}`, value]);
  }
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  for (const [label, value] of rows) {
    const y = doc.y;
    const h = Math.max(28, doc.heightOfString(value, { width: width - 160 }) + 14);
    if (y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    doc.rect(left, top, 150, h).fillAndStroke('#f4f6f9', '#9aa5b1');
    doc.rect(left + 150, top, width - 150, h).stroke('#9aa5b1');
    doc.fillColor('#222').font('zh-bold').fontSize(10).text(label, left + 6, top + 8, { width: 140 });
    doc.font('zh').fontSize(10.5).fillColor(filled ? '#1a5fb4' : '#222').text(value, left + 158, top + 8, { width: width - 166 });
    doc.y = top + h;
  }
  doc.moveDown(1.5).fillColor('#222').font('zh').fontSize(10.5).text('本人（单位）承诺所填内容和所交材料真实有效，如有虚假，愿承担相应法律责任。', left);
  doc.moveDown(1.5).text(`申请人（签字/盖章）：${filled ? '张伟' : '＿＿＿＿＿＿＿＿'}　　　　日期：${filled ? '2026年3月2日' : '＿＿＿＿年＿＿月＿＿日'}`, left);
  return finishPdf(doc, `${v.name} · ${material.name}`);
}
