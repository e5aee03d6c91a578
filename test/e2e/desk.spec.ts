import { expect, test, type Page } from '@playwright/test';
import { PDF, residentId, signIn, snap, staff, step } from './helpers.js';

// The front desk (web/src/hall/desk): the window journey with one trip and acceptance with pending
// materials, by keyboard where a clerk would use it; and an agency point filing on behalf of an applicant.

/** Sole proprietorship registration: taken in at company-registration windows, decided by Changji City's market regulator, pending acceptance allowed. */
const ITEM = { code: '07047002001', zh: '个人独资企业设立登记' };

interface CaseView {
  case: { id: string; caseNumber: string; status: string; version: number; channel: string; pendingDueOn: string | null; delivery: { method: string } | null };
  materials: { materialKey: string; status: string }[];
  trips: { reason: string }[];
  tripFacts: { trips: number; atMostOneTrip: boolean; zeroTrip: boolean };
}

/** The document a print button opens in a new tab is a PDF the clerk may read. */
async function printsPdf(page: Page, shortcut: string, kind: string): Promise<void> {
  const popup = page.waitForEvent('popup');
  await page.keyboard.press(shortcut);
  const tab = await popup;
  expect(tab.url()).toMatch(new RegExp(`/documents/${kind}\\.pdf$`));
  const pdf = await page.request.get(tab.url());
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  await tab.close();
}

test('the window journey: a walk-in applicant, acceptance with pending materials, the result handed over — one trip', async ({ page, browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  const idNumber = residentId(Date.now(), '19880808');

  // ---- the clerk's home is the front desk, at the first of their windows: B01, company establishment
  await signIn(page, 'clerk.changji');
  await expect(page).toHaveURL(/\/hall\/desk$/);
  await expect(page.getByRole('heading', { name: '前台受理' })).toBeVisible();
  const bar = page.getByTestId('desk-window');
  await expect(bar).toContainText('昌吉市政务服务中心');
  await expect(bar).toContainText('企业开办');
  await expect(page.getByTestId('desk-queue-slot')).toBeVisible();
  await snap(page, testInfo, '01-desk-home');

  // ---- 1. the service: the search box has the focus; only what this window takes in is offered
  await expect(page.getByLabel('搜索事项')).toBeFocused();
  await page.keyboard.type('个人独资');
  const result = page.getByRole('button', { name: new RegExp(ITEM.zh) });
  await expect(result).toBeVisible();
  await expect(page.getByRole('button', { name: /居民身份证/ })).toHaveCount(0); // a social-services item, not this window's
  await snap(page, testInfo, '02-service-search');
  await page.keyboard.press('ArrowDown');
  await expect(result).toBeFocused();
  await page.keyboard.press('Enter');

  // ---- 2. the applicant: the ID number field has the focus; the check character is verified
  const id = page.getByLabel('身份证号', { exact: true });
  await expect(id).toBeFocused();
  await id.fill(`${idNumber.slice(0, 17)}${idNumber.endsWith('0') ? '1' : '0'}`);
  await page.getByLabel('姓名', { exact: true }).fill('马丽');
  await expect(page.getByText('身份证号码无效，请核对（校验位不符）')).toBeVisible();
  await id.fill(idNumber);
  await page.getByLabel('联系电话').fill('13899120077');
  await snap(page, testInfo, '03-applicant');
  await page.keyboard.press('Enter');

  // ---- 3. the materials of the one-time notice: application and ID seen (the application scanned), the premises proof missing
  const checklist = page.getByTestId('desk-checklist');
  await expect(checklist).toContainText('住所（经营场所）使用证明');
  await expect(page.getByLabel('已核验：个人独资企业登记（备案）申请书')).toBeFocused();
  await page.keyboard.press('Space');
  await page.getByTestId('desk-scan-application').setInputFiles({ name: 'application.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(checklist).toContainText('application.pdf');
  await page.getByLabel('已核验：投资人居民身份证').check();
  await expect(page.getByText('必要材料齐全，缺可容缺材料 1 项')).toBeVisible();
  await snap(page, testInfo, '04-materials');
  await page.keyboard.press('Alt+N');

  // ---- 4. the form, then registering the application (Alt+S): the visit is the case's first trip
  await expect(page.getByLabel('企业名称')).toBeFocused();
  await page.keyboard.type('昌吉市丽华百货经销部');
  await page.getByLabel('投资人申报出资额（万元）').fill('30');
  await page.getByLabel('经营场所', { exact: true }).fill('新疆昌吉市宁边西路88号');
  await page.getByLabel('经营范围', { exact: true }).fill('日用百货、文具销售');
  await page.getByLabel('从业人数').fill('3');
  await snap(page, testInfo, '05-form');
  await page.keyboard.press('Alt+S');

  // ---- 5. the intake decision: acceptance with pending materials (Alt+P), the commitment written from what is owed
  const decision = page.getByTestId('desk-decision');
  await expect(decision).toBeVisible();
  await expect(page.getByTestId('desk-trip-count').first()).toContainText('到现场 1 次');
  await page.keyboard.press('Alt+P');
  await expect(page.getByLabel('申请人承诺书')).toHaveValue(/住所（经营场所）使用证明（复印件1份）/);
  await expect(page.getByLabel('申请人承诺书')).toHaveValue(/马丽/);
  await snap(page, testInfo, '06-pending-commitment');
  await page.keyboard.press('Alt+P');
  await expect(page.getByTestId('desk-outcome')).toHaveText('已容缺受理');
  await snap(page, testInfo, '07-accepted-with-pending');
  await printsPdf(page, 'Alt+O', 'acceptance');

  // The case as the server keeps it: accepted, the premises proof owed, exactly one trip.
  const caseNumber = (await page.getByTestId('desk-summary').locator('.mono').last().textContent())!.trim();
  const found = (await (await page.request.get('/api/v1/cases', { params: { box: 'desk', q: caseNumber } })).json()) as { items: { id: string }[] };
  expect(found.items).toHaveLength(1);
  let view = (await (await page.request.get(`/api/v1/cases/${found.items[0]!.id}`)).json()) as CaseView;
  expect(view.case).toMatchObject({ status: 'accepted', channel: 'window' });
  expect(view.case.pendingDueOn).toBeTruthy();
  expect(view.materials.find((m) => m.materialKey === 'premises-proof')?.status).toBe('pending');
  expect(view.tripFacts).toEqual({ trips: 1, atMostOneTrip: true, zeroTrip: false });

  // ---- the applicant waits in the hall: a relative brings the premises proof, which the clerk registers at the
  // window (same visit), and Changji City's market regulator decides on the spot and issues the licence.
  await page.keyboard.press('Alt+3');
  const search = page.getByRole('textbox', { name: '查找办件' });
  await expect(search).toBeFocused();
  await search.fill(idNumber);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('desk-readiness')).toContainText('尚有 1 项容缺材料未补交');
  await expect(page.getByRole('button', { name: /窗口出件/ })).toBeDisabled();
  await snap(page, testInfo, '08-handover-not-ready');
  await page.getByLabel('住所（经营场所）使用证明', { exact: true }).check();
  await page.keyboard.press('Alt+M');
  await expect(page.getByTestId('desk-readiness')).toContainText('容缺材料已补齐');

  const reviewer = await staff(browser, baseURL, 'reviewer.changji.market');
  view = (await (await reviewer.get(`/api/v1/cases/${view.case.id}`)).json()) as CaseView;
  view = await step(reviewer, view, 'start-review');
  view = await step(reviewer, view, 'decide', { outcome: 'approve', reasons: '申请材料齐全，符合个人独资企业设立登记条件，准予登记。' });
  view = await step(reviewer, view, 'issue');

  // ---- handing the result over at the window (Alt+H): the applicant's visit is already recorded, so still one trip
  await page.keyboard.press('Alt+3');
  await search.fill(caseNumber);
  await page.keyboard.press('Enter');
  const readiness = page.getByTestId('desk-readiness');
  await expect(readiness).toContainText('已作出准予许可决定');
  await expect(readiness).toContainText('电子证照已制发');
  await expect(readiness).toContainText('可以出件');
  await expect(readiness).toContainText('申请人本次来访已登记跑动，窗口出件不再重复计算。');
  await snap(page, testInfo, '09-handover-ready');
  await page.keyboard.press('Alt+H');
  await expect(readiness).toContainText('已送达（窗口领取）');
  await expect(page.getByTestId('case-trips')).toContainText('到现场 1 次');
  await snap(page, testInfo, '10-handed-over');
  await printsPdf(page, 'Alt+O', 'decision');
  await printsPdf(page, 'Alt+Z', 'certificate');

  view = (await (await page.request.get(`/api/v1/cases/${view.case.id}`)).json()) as CaseView;
  expect(view.case.status).toBe('delivered');
  expect(view.case.delivery?.method).toBe('window');
  expect(view.tripFacts).toEqual({ trips: 1, atMostOneTrip: true, zeroTrip: false });
  expect(view.trips).toHaveLength(1);

  // ---- the intake inbox (Alt+2): an application filed online by 张伟 without the premises proof waits here;
  // the clerk gives the one-time notice of what is missing and prints it
  const applicant = await staff(browser, baseURL, 'zhangwei');
  const upload = await applicant.post('/api/v1/files', { multipart: { file: { name: 'scan.pdf', mimeType: 'application/pdf', buffer: PDF } } });
  const file = ((await upload.json()) as { id: string }).id;
  const online = await applicant.post('/api/v1/cases', {
    headers: { 'Idempotency-Key': `e2e-desk-online-${Date.now()}` },
    data: {
      itemCode: ITEM.code, org: '652301-market', formData: { enterpriseName: '昌吉市张伟日杂店', investment: 10, premisesAddress: '新疆昌吉市北京南路66号', businessScope: '日用杂品销售', staffCount: 2 },
      materials: [{ key: 'application', fileIds: [file] }, { key: 'id-card', fileIds: [file] }],
    },
  });
  expect(online.status(), await online.text()).toBe(201);
  const onlineCase = ((await online.json()) as CaseView).case;

  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('tab', { name: /待受理/, selected: true })).toBeVisible();
  const row = page.getByTestId('desk-inbox').getByRole('row', { name: new RegExp(onlineCase.caseNumber) });
  await expect(row).toContainText('网上申报');
  await snap(page, testInfo, '11-intake-inbox');
  await row.getByRole('button', { name: onlineCase.caseNumber }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByTestId('desk-case-summary')).toContainText('昌吉市张伟日杂店');
  await expect(drawer.getByTestId('desk-decision')).toContainText('住所（经营场所）使用证明');
  await page.keyboard.press('Alt+C');
  const note = drawer.getByRole('textbox', { name: '第 1 项的补正要求' });
  await expect(note).toHaveValue(/住所（经营场所）使用证明/);
  await note.fill('请上传经营场所的房屋产权证明或租赁合同复印件');
  await snap(page, testInfo, '12-inbox-correction');
  await page.keyboard.press('Alt+C');
  await expect(drawer.getByTestId('desk-outcome')).toHaveText('已一次性告知补正');
  await printsPdf(page, 'Alt+O', 'correction');
  await snap(page, testInfo, '13-inbox-correction-sent');
  const corrected = (await (await page.request.get(`/api/v1/cases/${onlineCase.id}`)).json()) as CaseView;
  expect(corrected.case.status).toBe('correction_requested');
  expect(corrected.tripFacts.trips).toBe(0);
});

test('an agency point files on behalf of an applicant, in both languages and on a phone', async ({ page }, testInfo) => {
  await signIn(page, 'clerk.ningbian');
  await expect(page).toHaveURL(/\/hall\/desk$/);
  const bar = page.getByTestId('desk-window');
  await expect(bar).toContainText('宁边路街道便民服务中心');
  await expect(bar).toContainText('代办点');
  await expect(bar).toContainText('代办点代办');

  // The point's general window takes in any item Changji City carries out at the point: its agency-point items.
  await page.keyboard.type('合作社');
  const item = page.getByRole('button', { name: /农民专业合作社设立登记/ });
  await expect(item).toBeVisible();
  await item.click();
  await expect(page.getByTestId('desk-summary')).toContainText('代办点申报');
  await expect(page.getByTestId('desk-summary')).toContainText('昌吉市市场监督管理局');
  await snap(page, testInfo, '20-agency-point-zh-CN');

  await page.evaluate(() => window.localStorage.setItem('onetrip.locale', 'en-US'));
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Front desk' })).toBeVisible();
  await expect(page.getByTestId('desk-window')).toContainText('Agency filing');
  await snap(page, testInfo, '21-agency-point-en-US');

  await page.setViewportSize({ width: 375, height: 812 });
  await page.evaluate(() => window.localStorage.setItem('onetrip.locale', 'zh-CN'));
  await page.reload();
  await expect(page.getByRole('heading', { name: '前台受理' })).toBeVisible();
  await snap(page, testInfo, '22-agency-point-phone');
});
