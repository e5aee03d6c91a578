import ExcelJS from 'exceljs';
import type { KpiUnit } from '../../../common/supervision.js';
import { fields, finishPdf, heading, newPdf, numbered } from '../../platform/pdf.js';
import type { MonthlyReportContent } from './reports.js';

// The monthly report as a printable PDF (Chinese, like every document OneTrip prints) and as a
// spreadsheet with the same content, one sheet per part.

const ACTIONS_ZH: Record<string, string> = {
  extend: '延期', suspend: '中止', resume: '恢复', forward: '转报', decide: '决定', requestCorrection: '补正', refuseIntake: '不予受理', deemAccept: '视为受理',
  openTasks: '并联审批', answerTask: '并联答复', recordTrip: '跑动', accept: '受理', withdraw: '撤回', revoke: '撤销', terminate: '终止', deliver: '送达',
};
const RATING_ZH = ['非常不满意', '不满意', '一般', '满意', '非常满意'];

/** A KPI value as people read it. */
export function formatValue(value: number | null, unit: KpiUnit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'workingDays':
      return `${Number.isInteger(value) ? value : value.toFixed(1)} 个工作日`;
    case 'seconds':
      return `${Math.floor(value / 60)} 分 ${Math.round(value % 60)} 秒`;
    default:
      return String(value);
  }
}

const meets = (m: boolean | null) => (m === null ? '—' : m ? '达标' : '未达标');

export async function reportPdf(r: MonthlyReportContent): Promise<Buffer> {
  const title = `${r.org.name}政务服务电子监察月报（${r.month.replace('-', '年')}月）`;
  const doc = newPdf({ title, subject: `${r.org.code} ${r.month}` });
  doc.font('zh-bold').fontSize(17).fillColor('#111').text(title, { align: 'center' });
  doc.moveDown(0.3).font('zh').fontSize(9.5).fillColor('#666').text(`统计期 ${r.from} 至 ${r.to}　生成于 ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC${r.final ? '' : '　（本月尚未结束，数据为截至生成时）'}`, { align: 'center' });

  heading(doc, '一、主要指标与目标');
  for (const k of r.kpis) {
    fields(doc, [[k.definition.name['zh-CN'], `${formatValue(k.value, k.unit)}　目标：${k.target === null ? '—' : formatValue(k.target, k.unit)}　${meets(k.meetsTarget)}　上月：${formatValue(k.previous, k.unit)}${k.denominator !== null && k.numerator !== null ? `　（${k.numerator}/${k.denominator}）` : ''}`]]);
  }

  heading(doc, '二、同级排名');
  for (const ranking of r.rankings) {
    const def = r.kpis.find((k) => k.key === ranking.key)!;
    doc.font('zh-bold').fontSize(10.5).fillColor('#222').text(def.definition.name['zh-CN']);
    numbered(doc, ranking.rows.map((row) => `${row.rank ?? '—'}　${row.org.name}　${formatValue(row.value, def.unit)}${row.org.id === r.org.id ? '　◀ 本单位' : ''}`));
  }

  heading(doc, `三、超期办结办件（共 ${r.lateCasesTotal} 件${r.lateCasesTotal > r.lateCases.length ? `，列出前 ${r.lateCases.length} 件` : ''}）`);
  if (!r.lateCases.length) doc.text('本月无超期办结办件。');
  numbered(doc, r.lateCases.map((c) => {
    const why = c.reasons.map((x) => `${ACTIONS_ZH[x.action] ?? x.action}：${x.reason}`).join('；') || '未记录原因';
    return `${c.caseNumber}　${c.itemName}（${c.decisionOrg.name}）　承诺期限 ${c.promisedDueOn ?? '—'}，${c.decidedOn} 办结，用时 ${c.usedDays ?? '—'} 个工作日。原因：${why}`;
  }));

  heading(doc, `四、差评整改（${r.badRatings.length} 条）`);
  if (!r.badRatings.length) doc.text('本月无差评。');
  numbered(doc, r.badRatings.map((b) => {
    const steps = [b.verified && '已核实', b.answered && '已回复', b.rectified && '已整改', b.calledBack && '已回访'].filter(Boolean).join('、') || '未处理';
    return `${b.caseNumber}　${b.itemName}（${b.org.name}）　${RATING_ZH[b.level - 1]}，${b.ratedOn}。${b.comment ?? ''}　整改期限 ${b.followUpDueOn ?? '—'}：${steps}${b.onTime === false ? '（超期）' : ''}`;
  }));

  heading(doc, '五、改革问题反映');
  const p = r.problemReports;
  fields(doc, [['收到', `${p.received} 件`], ['已答复', `${p.answered} 件（按期 ${p.answeredOnTime} 件）`], ['未答复', `${p.open} 件（已超期 ${p.overdueOpen} 件）`]]);

  heading(doc, '附：指标口径');
  numbered(doc, r.kpis.map((k) => `${k.definition.name['zh-CN']}：分子——${k.definition.numerator['zh-CN']}；分母——${k.definition.denominator['zh-CN']}；统计期——${k.definition.period['zh-CN']}${k.definition.target ? `；目标——${k.definition.target['zh-CN']}` : ''}`));
  return finishPdf(doc, `${r.org.name} 电子监察月报 ${r.month}`);
}

export async function reportXlsx(r: MonthlyReportContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'OneTrip';
  wb.created = new Date(r.generatedAt);
  const header = (ws: ExcelJS.Worksheet) => {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };

  const kpis = wb.addWorksheet('指标 KPIs');
  kpis.columns = [
    { header: '指标 KPI', key: 'name', width: 28 }, { header: 'Key', key: 'key', width: 14 }, { header: '本月 Value', key: 'value', width: 14 }, { header: '上月 Previous', key: 'previous', width: 14 },
    { header: '单位 Unit', key: 'unit', width: 12 }, { header: '分子 Numerator', key: 'numerator', width: 14 }, { header: '分母 Denominator', key: 'denominator', width: 16 },
    { header: '目标 Target', key: 'target', width: 12 }, { header: '达标 Meets', key: 'meets', width: 10 }, { header: '口径 Definition', key: 'definition', width: 100 },
  ];
  for (const k of r.kpis) {
    kpis.addRow({
      name: k.definition.name['zh-CN'], key: k.key, value: k.value, previous: k.previous, unit: k.unit, numerator: k.numerator, denominator: k.denominator, target: k.target, meets: meets(k.meetsTarget),
      definition: `${k.definition.numerator['zh-CN']} ÷ ${k.definition.denominator['zh-CN']}；${k.definition.period['zh-CN']}`,
    });
  }
  for (const row of [3, 4, 8]) kpis.getColumn(row).numFmt = '0.000';
  header(kpis);

  const ranks = wb.addWorksheet('排名 Rankings');
  ranks.columns = [{ header: '指标 KPI', key: 'kpi', width: 28 }, { header: '名次 Rank', key: 'rank', width: 10 }, { header: '单位 Organisation', key: 'org', width: 36 }, { header: '值 Value', key: 'value', width: 14 }];
  for (const ranking of r.rankings) {
    const name = r.kpis.find((k) => k.key === ranking.key)!.definition.name['zh-CN'];
    for (const row of ranking.rows) ranks.addRow({ kpi: name, rank: row.rank, org: row.org.name, value: row.value });
  }
  header(ranks);

  const late = wb.addWorksheet('超期办件 Late cases');
  late.columns = [
    { header: '办件编号 Case', key: 'caseNumber', width: 22 }, { header: '事项 Item', key: 'item', width: 36 }, { header: '决定机构 Decided by', key: 'org', width: 30 },
    { header: '受理 Accepted', key: 'accepted', width: 12 }, { header: '承诺期限 Due', key: 'due', width: 12 }, { header: '办结 Decided', key: 'decided', width: 12 },
    { header: '用时（工作日） Days', key: 'days', width: 12 }, { header: '原因 Reasons', key: 'reasons', width: 80 },
  ];
  for (const c of r.lateCases) {
    late.addRow({ caseNumber: c.caseNumber, item: c.itemName, org: c.decisionOrg.name, accepted: c.acceptedOn, due: c.promisedDueOn, decided: c.decidedOn, days: c.usedDays, reasons: c.reasons.map((x) => `${ACTIONS_ZH[x.action] ?? x.action}：${x.reason}`).join('；') });
  }
  header(late);

  const bad = wb.addWorksheet('差评整改 Bad ratings');
  bad.columns = [
    { header: '办件编号 Case', key: 'caseNumber', width: 22 }, { header: '事项 Item', key: 'item', width: 36 }, { header: '机构 Organisation', key: 'org', width: 30 }, { header: '评价 Level', key: 'level', width: 12 },
    { header: '评价日 Rated', key: 'rated', width: 12 }, { header: '意见 Comment', key: 'comment', width: 40 }, { header: '整改期限 Due', key: 'due', width: 12 },
    { header: '核实', key: 'verified', width: 6 }, { header: '回复', key: 'answered', width: 6 }, { header: '整改', key: 'rectified', width: 6 }, { header: '回访', key: 'calledBack', width: 6 }, { header: '按期 On time', key: 'onTime', width: 10 },
  ];
  const yes = (b: boolean) => (b ? '✓' : '');
  for (const b of r.badRatings) {
    bad.addRow({ caseNumber: b.caseNumber, item: b.itemName, org: b.org.name, level: RATING_ZH[b.level - 1], rated: b.ratedOn, comment: b.comment, due: b.followUpDueOn, verified: yes(b.verified), answered: yes(b.answered), rectified: yes(b.rectified), calledBack: yes(b.calledBack), onTime: b.onTime === null ? '' : b.onTime ? '是' : '否' });
  }
  header(bad);

  const problems = wb.addWorksheet('问题反映 Problem reports');
  problems.columns = [{ header: '项目 Measure', key: 'k', width: 24 }, { header: '数量 Count', key: 'v', width: 12 }];
  const p = r.problemReports;
  for (const [k, v] of [['收到 Received', p.received], ['已答复 Answered', p.answered], ['按期答复 Answered on time', p.answeredOnTime], ['未答复 Open', p.open], ['超期未答复 Overdue', p.overdueOpen]] as const) problems.addRow({ k, v });
  header(problems);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
