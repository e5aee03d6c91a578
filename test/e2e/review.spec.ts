import { deflateSync } from 'node:zlib';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PASSWORD, PDF, signedInPage, snap, staff } from './helpers.js';

// The back office (issue 6): a case taken in by Changji City and decided by the prefecture (受审分离)
// is reviewed and forwarded by the county, compared, asked about in parallel, suspended and resumed,
// decided, issued and delivered by the prefecture — all from the reviewers' pages; then a bad rating
// is followed up in four steps, and a supervisor reads it.

/** Food production licence (new): taken in by a county, decided by the prefecture. */
const ITEM = { code: '01047005001', zh: '食品生产许可（新办）' };

/** A real PNG (a pale page with a blue band), so the image preview shows something. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const band = y > height * 0.1 && y < height * 0.22;
      const line = y > height * 0.35 && y % 18 < 3 && x > width * 0.1 && x < width * 0.9;
      rows.set(band ? [22, 119, 255] : line ? [190, 196, 206] : [250, 251, 253], y * (width * 3 + 1) + 1 + x * 3);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

interface CaseView {
  case: { id: string; caseNumber: string; status: string; version: number; handlerOrgId: string };
  allowedActions: string[];
}

/** Opens an action's form from the panel, fills it, and sends it through the confirmation when there is one. */
async function act(page: Page, action: string, fill: (dialog: Locator) => Promise<void> = async () => {}, confirm = true): Promise<void> {
  await page.getByTestId('review-actions').locator(`[data-action="${action}"]`).click();
  const dialog = page.locator('.ant-modal:not(.ant-modal-confirm)').filter({ visible: true }).last();
  await expect(dialog).toBeVisible();
  await fill(dialog);
  await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
  if (confirm) await page.locator('.ant-modal-confirm').filter({ visible: true }).locator('.ant-btn-primary').click();
}

test('the back office reviews, decides, issues and delivers a case, and follows up a bad rating', async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const baseURL = testInfo.project.use.baseURL!;

  // ---- an applicant files online (API), the Changji City clerk accepts it (API)
  const applicant = await staff(browser, baseURL, 'zhangwei');
  const pdf = (await (await applicant.post('/api/v1/files', { multipart: { file: { name: '食品生产许可申请书.pdf', mimeType: 'application/pdf', buffer: PDF } } })).json()) as { id: string };
  const image = (await (await applicant.post('/api/v1/files', { multipart: { file: { name: '营业执照.png', mimeType: 'image/png', buffer: png(640, 420) } } })).json()) as { id: string };
  const notice = (await (await applicant.get(`/api/v1/catalog/items/${ITEM.code}/notice`)).json()) as {
    item: { name: string; intakeLevel: string; decisionLevel: string; formSchema: { properties: Record<string, { examples?: unknown[] }> }; materials: { key: string }[] };
    implementers: { code: string; name: string }[];
  };
  expect(notice.item).toMatchObject({ name: ITEM.zh, intakeLevel: 'county', decisionLevel: 'prefecture' });
  const org = notice.implementers.find((i) => i.code === '652301-market');
  expect(org, 'Changji City carries the item out').toBeTruthy();
  const formData = Object.fromEntries(Object.entries(notice.item.formSchema.properties).map(([key, p]) => [key, p.examples?.[0]]));
  const materials = notice.item.materials.map((m, i) => ({ key: m.key, fileIds: [i === 1 ? image.id : pdf.id] }));
  const clerk = await staff(browser, baseURL, 'clerk.changji');
  const fileAndAccept = async (key: string): Promise<CaseView> => {
    // The applicant wants the result electronically: the delivery form starts from that choice.
    const filed = await applicant.post('/api/v1/cases', { data: { itemCode: ITEM.code, org: org!.code, formData, materials, deliveryChoice: { method: 'electronic' } }, headers: { 'Idempotency-Key': `e2e-review-${key}-${Date.now()}` } });
    expect(filed.status(), await filed.text()).toBe(201);
    const c = ((await filed.json()) as CaseView).case;
    const accepted = await clerk.post(`/api/v1/cases/${c.id}/accept`, { data: { version: c.version } });
    expect(accepted.status(), await accepted.text()).toBe(200);
    return (await accepted.json()) as CaseView;
  };
  let view = await fileAndAccept('main');
  const { id, caseNumber } = view.case;
  // A second case stays in the county's inbox (for the English screenshot at the end).
  const other = await fileAndAccept('other');

  // ---- the county reviewer lands on the inbox, finds the case with the keyboard and opens it
  const county = await signedInPage(browser, baseURL, 'reviewer.changji.market');
  await expect(county).toHaveURL(/\/review$/);
  await expect(county.getByRole('heading', { name: '审批工作台' })).toBeVisible();
  await expect(county.getByTestId('inbox-tab-toReview')).toContainText('待审查');
  const row = county.getByRole('row', { name: new RegExp(caseNumber) });
  await expect(row).toContainText(ITEM.zh);
  await expect(row).toContainText(/剩 \d+ 个工作日/);
  await expect(county.getByRole('row', { name: new RegExp(other.case.caseNumber) })).toBeVisible();
  await snap(county, testInfo, '01-inbox-county');
  await county.keyboard.press('/');
  await county.keyboard.type(caseNumber);
  await county.keyboard.press('Enter');
  await expect(county).toHaveURL(/q=/);
  await expect(county.getByRole('row', { name: new RegExp(caseNumber) })).toHaveClass(/review-row-active/);
  await county.keyboard.press('Escape');
  await county.keyboard.press('Enter');
  await expect(county).toHaveURL(new RegExp(`/review/cases/${id}$`));

  // ---- the case view: materials previewed beside the case, form data with labels, opinions, clock
  await expect(county.getByTestId('review-head')).toContainText(caseNumber);
  await expect(county.getByTestId('review-head')).toContainText('受审分离');
  await expect(county.getByTestId('opinion-preliminary')).toContainText('受理机关尚未移送');
  await expect(county.getByTestId('review-form-data')).not.toContainText('未填写');
  await snap(county, testInfo, '02-case-county');
  const materialsCard = county.getByTestId('review-materials');
  await expect(materialsCard).toContainText('营业执照.png');
  await materialsCard.locator('.review-file', { hasText: '营业执照.png' }).getByRole('button', { name: '预览' }).click();
  await expect(county.getByTestId('review-preview-image')).toBeVisible();
  await snap(county, testInfo, '03-preview-image');
  await county.getByRole('button', { name: '上一个文件' }).click();
  await expect(county.getByTestId('review-preview-pdf')).toBeVisible();
  await snap(county, testInfo, '04-preview-pdf');
  await county.locator('.ant-drawer-close').click();

  // ---- start the review (Alt+R) and forward with an opinion (confirmed)
  await county.keyboard.press('Alt+KeyR');
  await expect(county.getByTestId('review-status')).toContainText('审查中');
  const countyOpinion = '经审查，申请材料齐全，生产场所布局和设备清单符合要求，建议准予许可。';
  await act(county, 'forward', async (d) => {
    await expect(d).toContainText('昌吉州市场监督管理局');
    await d.getByLabel('初审意见').fill(countyOpinion);
  });
  await expect(county.getByTestId('opinion-preliminary')).toContainText(countyOpinion);
  await expect(county.getByTestId('review-actions')).toContainText('当前没有需要您办理的操作');
  await snap(county, testInfo, '05-forwarded-county');

  // ---- the prefecture reviewer sees the county's opinion beside the decision still to make
  const prefecture = await signedInPage(browser, baseURL, 'reviewer.market');
  await expect(prefecture.getByRole('row', { name: new RegExp(caseNumber) })).toBeVisible();
  await prefecture.getByRole('link', { name: caseNumber }).click();
  await expect(prefecture.getByTestId('opinion-preliminary')).toContainText(countyOpinion);
  await expect(prefecture.getByTestId('opinion-preliminary')).toContainText('昌吉市市场监督管理局');
  await expect(prefecture.getByTestId('opinion-decision')).toContainText('尚未作出决定');
  await snap(prefecture, testInfo, '06-case-prefecture-opinions');

  // ---- a parallel task to the prefecture's health commission, answered by its reviewer
  const admin = await staff(browser, baseURL, 'admin');
  const health = (await (await admin.get('/api/v1/orgs/652300-health')).json()) as { id: string };
  const created = await admin.post('/api/v1/users', { data: { username: `reviewer.health.${Date.now() % 100000}`, displayName: '韩梅（州卫健委）', password: PASSWORD, orgId: health.id, roles: ['reviewer'] } });
  expect(created.status(), await created.text()).toBe(201);
  const healthUser = ((await created.json()) as { username: string }).username;
  const question = '生产车间卫生条件是否符合食品生产卫生规范？';
  await act(
    prefecture,
    'openTasks',
    async (d) => {
      await d.getByRole('combobox', { name: '选择部门' }).click();
      await prefecture.keyboard.type('卫生健康');
      await prefecture.locator('.ant-select-tree-node-content-wrapper', { hasText: '昌吉州卫生健康委员会' }).first().click();
      await d.getByLabel('征询事项').fill(question);
      await d.getByLabel('答复期限（工作日）').fill('3');
    },
    false,
  );
  await expect(prefecture.getByTestId('opinion-tasks')).toContainText('昌吉州卫生健康委员会');
  await expect(prefecture.getByTestId('opinion-tasks')).toContainText('待答复');
  await expect(prefecture.getByTestId('review-actions').locator('[data-action="decide"]')).toHaveCount(0);
  await snap(prefecture, testInfo, '07-task-opened');

  const healthPage = await signedInPage(browser, baseURL, healthUser);
  await healthPage.getByTestId('inbox-tab-tasks').click();
  await expect(healthPage.getByTestId('inbox-tab-tasks')).toContainText('1');
  const taskRow = healthPage.getByRole('row', { name: new RegExp(caseNumber) });
  await expect(taskRow).toContainText('剩 3 个工作日');
  await snap(healthPage, testInfo, '08-inbox-tasks-health');
  await taskRow.getByRole('link', { name: caseNumber }).click();
  await act(healthPage, 'answerTask', async (d) => {
    await expect(d).toContainText(question);
    await d.getByLabel('答复意见').fill('经现场核查，车间卫生条件符合规范，同意。');
  });
  await expect(healthPage.getByTestId('opinion-tasks')).toContainText('经现场核查，车间卫生条件符合规范，同意。');
  await snap(healthPage, testInfo, '09-task-answered');

  // ---- suspended for expert review, then resumed
  await prefecture.reload();
  await expect(prefecture.getByTestId('opinion-tasks')).toContainText('同意');
  await act(
    prefecture,
    'suspend',
    async (d) => {
      await d.getByLabel('中止事由').click();
      await prefecture.locator('.ant-select-item-option', { hasText: '专家评审' }).click();
      await d.getByLabel('预计所需工作日').fill('3');
      await d.getByLabel('说明（将书面告知申请人）').fill('组织专家对生产工艺进行评审，评审期间不计入办理时限。');
    },
    false,
  );
  await expect(prefecture.getByTestId('review-status')).toContainText('已中止');
  await expect(prefecture.getByTestId('case-clock')).toContainText('专家评审');
  await snap(prefecture, testInfo, '10-suspended');
  await act(prefecture, 'resume', async (d) => d.getByLabel('说明（选填）').fill('专家评审完成'), false);
  await expect(prefecture.getByTestId('review-status')).toContainText('审查中');

  // ---- someone else changes the case meanwhile: the decision is refused with a clear reload
  const head = await staff(browser, baseURL, 'head.market');
  view = (await (await head.get(`/api/v1/cases/${id}`)).json()) as CaseView;
  const extended = await head.post(`/api/v1/cases/${id}/extend`, { data: { version: view.case.version, reason: '需组织现场核查，经局长批准延期' } });
  expect(extended.status(), await extended.text()).toBe(200);
  const reasons = '经审查，申请材料齐全，生产场所、设备和卫生条件符合《食品生产许可管理办法》规定，准予许可。';
  await act(prefecture, 'decide', async (d) => {
    await expect(d.getByTestId('decide-seal-note')).toContainText('昌吉州市场监督管理局');
    await d.getByLabel('理由').fill(reasons);
  });
  await expect(prefecture.getByTestId('version-conflict')).toContainText('此办件已被他人修改');
  await snap(prefecture, testInfo, '11-version-conflict');
  await prefecture.getByTestId('version-conflict').getByRole('button', { name: '重新加载' }).click();
  await expect(prefecture.getByTestId('review-status')).toContainText('已延期');

  // ---- decided (signed with the seal), verified, certificate issued, delivered electronically
  await act(prefecture, 'decide', async (d) => d.getByLabel('理由').fill(reasons));
  await expect(prefecture.getByTestId('review-status')).toContainText('已办结');
  const decision = prefecture.getByTestId('opinion-decision');
  await expect(decision).toContainText('准予许可');
  await expect(decision).toContainText('已加盖 昌吉州市场监督管理局 审批专用章');
  await decision.getByRole('button', { name: '验证签名' }).click();
  await expect(prefecture.getByTestId('review-seal-result')).toContainText('签名有效');
  await snap(prefecture, testInfo, '12-decided-signed');
  await act(prefecture, 'issue');
  await expect(prefecture.getByTestId('case-certificate')).toBeVisible();
  await act(prefecture, 'deliver', async (d) => {
    await expect(d).toContainText('申请人选择：电子送达');
    await expect(d.getByLabel('电子送达')).toBeChecked();
  });
  await expect(prefecture.getByTestId('review-status')).toContainText('已送达');
  await expect(prefecture.getByTestId('case-delivery')).toContainText('电子送达');
  await expect(prefecture.getByTestId('case-trips')).toContainText('零跑动');
  await snap(prefecture, testInfo, '13-delivered');

  // ---- the applicant rates it badly; the department follows up in four steps
  const rated = await applicant.post(`/api/v1/cases/${id}/evaluations`, { data: { level: 1, comment: '中止评审时间太长，电话咨询无人接听。', problems: ['slow', 'unclear'], channel: 'online' } });
  expect(rated.status(), await rated.text()).toBe(201);
  await prefecture.getByRole('menuitem', { name: '差评整改' }).click();
  await expect(prefecture).toHaveURL(/\/review\/ratings$/);
  const card = prefecture.locator(`[data-testid="rating-card"][data-case="${caseNumber}"]`);
  await expect(card).toContainText('非常不满意');
  await expect(card.getByTestId('rating-due')).toContainText('剩 15 个工作日');
  await snap(prefecture, testInfo, '14-ratings-open');
  const steps: [string, string, string][] = [
    ['verify', '核实情况', '经核实，专家评审安排等待时间较长，咨询电话无人值守，差评属实。'],
    ['answer', '答复内容', '已电话向申请人说明情况并致歉。'],
    ['rectify', '整改措施', '专家评审改为收件后 2 个工作日内安排；咨询电话工作时间专人值守。'],
    ['callBack', '回访记录', '电话回访，申请人对整改表示满意。'],
  ];
  for (const [s, label, text] of steps.slice(0, 3)) {
    const form = card.getByTestId(`followup-form-${s}`);
    await form.getByLabel(label).fill(text);
    await form.locator('button[type="submit"]').click();
    await expect(card).toContainText(text);
    await snap(prefecture, testInfo, `15-followup-${s}`);
  }
  // The call-back closes the follow-up: the rating leaves "to follow up" and shows among all bad ratings, done.
  const [, callBackLabel, callBackText] = steps[3]!;
  await card.getByTestId('followup-form-callBack').getByLabel(callBackLabel).fill(callBackText);
  await card.getByTestId('followup-form-callBack').locator('button[type="submit"]').click();
  await expect(card).toHaveCount(0);
  await prefecture.getByRole('tab', { name: '全部差评' }).click();
  await expect(card).toContainText('整改完成');
  await expect(card).toContainText(callBackText);
  await snap(prefecture, testInfo, '15-followup-callBack');

  // ---- a supervisor reads the whole follow-up, without forms
  const supervisor = await signedInPage(browser, baseURL, 'supervisor');
  await supervisor.getByRole('menuitem', { name: '差评整改' }).click();
  await expect(supervisor.getByTestId('ratings-read-only')).toBeVisible();
  await supervisor.getByRole('tab', { name: '全部差评' }).click();
  const seen = supervisor.locator(`[data-testid="rating-card"][data-case="${caseNumber}"]`);
  await expect(seen).toContainText('电话回访，申请人对整改表示满意。');
  await expect(seen.locator('form')).toHaveCount(0);
  await snap(supervisor, testInfo, '16-ratings-supervisor');

  // ---- the inbox in English
  const english = await signedInPage(browser, baseURL, 'reviewer.changji.market', 'en-US');
  await expect(english.getByRole('heading', { name: 'Review inbox' })).toBeVisible();
  await expect(english.getByTestId('inbox-tab-toReview')).toContainText('To review');
  await expect(english.getByRole('row', { name: new RegExp(other.case.caseNumber) })).toContainText(/working days? left/);
  await snap(english, testInfo, '17-inbox-en-US');
  // On a phone: the inbox as cards, the case with its actions first.
  await english.setViewportSize({ width: 375, height: 812 });
  const phoneCard = english.getByRole('link', { name: new RegExp(other.case.caseNumber) });
  await expect(phoneCard).toBeVisible();
  await snap(english, testInfo, '18-inbox-en-US-375');
  await phoneCard.click();
  await expect(english.getByTestId('review-actions')).toContainText('Start review');
  await snap(english, testInfo, '19-case-en-US-375');
});
