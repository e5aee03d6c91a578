import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { pageOptions, PDF, signIn, snap as shot, staff } from './helpers.js';

// Electronic supervision in the browser: the dashboard and its drill-down, the wall display, a late
// case turning red, the monthly report, a county supervisor kept to their county, a clerk's duty,
// and a reform problem report from a citizen answered by the responsible department.

const ITEM = { query: '食品经营许可', zh: '食品经营许可（新办）' };

interface CaseView {
  case: { id: string; caseNumber: string; status: string; version: number };
  clock: { promisedDueOn: string | null };
}

/** Charts animate in on their own (ECharts): a moment for them to settle before the picture. */
async function snap(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(800);
  await shot(page, testInfo, name, fullPage);
}

/** Files a food business licence online in Changji City as zhangwei; the Changji clerk accepts it. */
async function acceptedCase(browser: Browser, baseURL: string): Promise<CaseView> {
  const applicant = await staff(browser, baseURL, 'zhangwei');
  const upload = await applicant.post('/api/v1/files', { multipart: { file: { name: 'material.pdf', mimeType: 'application/pdf', buffer: PDF } } });
  expect(upload.status()).toBe(201);
  const file = (await upload.json()) as { id: string };
  const search = (await (await applicant.get('/api/v1/catalog/items', { params: { q: ITEM.query } })).json()) as { items: { code: string; name: string }[] };
  const item = search.items.find((i) => i.name === ITEM.zh)!;
  const notice = (await (await applicant.get(`/api/v1/catalog/items/${item.code}/notice`)).json()) as {
    item: { formSchema: { properties: Record<string, { examples?: unknown[] }> }; materials: { key: string }[] };
    implementers: { code: string }[];
  };
  const org = notice.implementers.find((i) => i.code.startsWith('652301'))!;
  const formData = Object.fromEntries(Object.entries(notice.item.formSchema.properties).map(([key, p]) => [key, p.examples?.[0]]));
  const filed = await applicant.post('/api/v1/cases', {
    data: { itemCode: item.code, org: org.code, formData, materials: notice.item.materials.map((m) => ({ key: m.key, fileIds: [file.id] })) },
    headers: { 'Idempotency-Key': `e2e-supervision-${Date.now()}` },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const view = (await filed.json()) as CaseView;
  const clerk = await staff(browser, baseURL, 'clerk.changji');
  const accepted = await clerk.post(`/api/v1/cases/${view.case.id}/accept`, { data: { version: view.case.version } });
  expect(accepted.status(), await accepted.text()).toBe(200);
  return (await accepted.json()) as CaseView;
}

test('a supervisor watches the prefecture, drills down to a window, and opens the wall display', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, 'supervisor');
  // The supervisor's home is the dashboard.
  await expect(page).toHaveURL(/\/supervision$/);
  await expect(page.getByTestId('kpi-cards')).toBeVisible();
  for (const key of ['T1', 'T2', 'T3', 'T4.items', 'T4.cases', 'T5', 'T6', 'T7', 'volume', 'waiting', 'handling']) await expect(page.getByTestId(`kpi-${key}`)).toBeVisible();
  await expect(page.getByTestId('kpi-T1')).toContainText('目标 ≥ 70.0%');
  await expect(page.getByTestId('kpi-T3')).toContainText('目标 ≥ 100.0%');
  // T4: 200 items at most one trip from 2020 on.
  await expect(page.getByTestId('kpi-T4.items')).toContainText('目标 ≥ 200');
  await expect(page.getByTestId('updated-at')).toContainText('更新于');
  // Each KPI's written definition, from the server, beside it.
  await page.getByRole('button', { name: '一窗受理率的指标定义' }).hover();
  const definition = page.locator('.ant-popover').filter({ hasText: '统计口径' });
  await expect(definition).toContainText('综合窗口');
  await expect(definition).toContainText('不低于70%');
  await snap(page, testInfo, '01-dashboard-prefecture');
  await page.mouse.move(0, 0);

  // Choosing a KPI colours the map and the ranking by it.
  await page.getByTestId('kpi-T3').click();
  await expect(page).toHaveURL(/kpi=T3/);
  await expect(page.getByText('下级分布 · 按时办结率')).toBeVisible();

  // ---- drill down: the county, its hall's department, a window
  const table = page.getByTestId('breakdown-table');
  await table.getByRole('button', { name: '昌吉市人民政府' }).click();
  await expect(page).toHaveURL(/trail=652301(&|$)/);
  await expect(page.getByTestId('drill-trail')).toContainText('昌吉市人民政府');
  await expect(page.getByRole('heading', { name: '电子监察' })).toBeVisible();
  await expect(page.getByText('昌吉市人民政府 · 统计期')).toBeVisible();
  await expect(table.getByRole('button', { name: '昌吉市市场监督管理局' })).toBeVisible();
  // Coloured by the online-available rate, which every organisation has from the catalog.
  await page.getByTestId('kpi-T2').click();
  await expect(page.getByText('下级分布 · 网上可办率')).toBeVisible();
  await snap(page, testInfo, '02-dashboard-county');

  await table.getByRole('button', { name: '昌吉市政务服务中心' }).click();
  await expect(page).toHaveURL(/trail=652301%2C652301-government-services/);
  // A department running a hall breaks down into its windows.
  await expect(page.getByRole('columnheader', { name: '窗口' })).toBeVisible();
  await table.getByTestId('drill-link').first().click();
  await expect(page.getByTestId('drill-trail')).toContainText('昌吉市政务服务中心');
  // A window breaks down into its staff: the last level.
  await expect(page.getByRole('columnheader', { name: '工作人员' }).or(page.getByText('没有下级单位').first())).toBeVisible();
  await snap(page, testInfo, '03-dashboard-window');
  // Back up through the trail.
  await page.getByTestId('drill-trail').getByRole('link', { name: '昌吉回族自治州人民政府' }).click();
  await expect(page).not.toHaveURL(/trail=/);

  // ---- other periods
  await page.getByTestId('period-picker').getByText('年', { exact: true }).click();
  await expect(page).toHaveURL(/unit=year/);
  await expect(page.getByTestId('trend-chart')).toBeVisible();

  // ---- in English
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Electronic supervision' })).toBeVisible();
  await expect(page.getByTestId('kpi-T1')).toContainText('One-window acceptance rate');
  await expect(page.getByTestId('kpi-T1')).toContainText('Target ≥ 70.0%');
  await snap(page, testInfo, '04-dashboard-en-US');
  await page.getByText('中文', { exact: true }).click();

  // ---- on a phone
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/supervision');
  await expect(page.getByTestId('kpi-T1')).toBeVisible();
  await snap(page, testInfo, '04-dashboard-375');

  // ---- the wall display
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/supervision/screen');
  await expect(page.getByTestId('screen')).toHaveAttribute('data-panel', 'overview');
  await expect(page.getByTestId('screen-kpi-T1')).toContainText('一窗受理率');
  await expect(page.locator('.sup-screen-title')).toHaveText('昌吉回族自治州人民政府');
  await snap(page, testInfo, '05-screen-overview-1920', false);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('screen')).toHaveAttribute('data-panel', 'map');
  await expect(page.getByTestId('children-treemap')).toBeVisible();
  await snap(page, testInfo, '06-screen-map-1920', false);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('trend-chart')).toBeVisible();
  await snap(page, testInfo, '07-screen-trend-1920', false);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('screen-warnings-red')).toBeVisible();
  await snap(page, testInfo, '08-screen-warnings-1920', false);
});

test('a late case turns red for the supervisors above it, and not for another county', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const baseURL = testInfo.project.use.baseURL!;
  const admin = await staff(browser, baseURL, 'admin');
  const clock = (await (await admin.get('/api/v1/system/clock')).json()) as { now: string; training: boolean };
  // Lateness needs time to pass: in training mode an administrator moves the server's clock.
  expect(clock.training, 'the e2e server runs in training mode (playwright.config.ts)').toBe(true);

  const view = await acceptedCase(browser, baseURL);
  const { id, caseNumber } = view.case;
  const dueOn = view.clock.promisedDueOn!;
  // Two weeks past the promised deadline, at ten in the morning in Changji.
  const late = new Date(`${dueOn}T10:00:00+08:00`);
  late.setUTCDate(late.getUTCDate() + 14);
  expect((await admin.put('/api/v1/system/clock', { data: { now: late.toISOString() } })).status()).toBe(200);
  try {
    await signIn(page, 'supervisor');
    await page.goto('/supervision/warnings');
    const row = page.getByTestId('warnings-table').getByRole('row', { name: new RegExp(caseNumber) });
    await expect(row).toContainText('红牌预警');
    await expect(row).toContainText('昌吉市市场监督管理局');
    await expect(row).toContainText(/超期 \d+ 个工作日/);
    await expect(row.getByRole('link', { name: caseNumber })).toHaveAttribute('href', `/review/cases/${id}`);
    await expect(page.getByTestId('count-red')).not.toContainText(/^\s*红牌预警\s*0\s*$/);
    await snap(page, testInfo, '09-warnings-red');

    // Only red cases, by handling organisation.
    await page.getByTestId('count-red').click();
    await expect(page).toHaveURL(/level=red/);
    await expect(row).toBeVisible();

    // The dashboard's warning card shows it too.
    await page.goto('/supervision');
    await expect(page.getByTestId('warnings-card')).toContainText(caseNumber);

    // The county's own supervisor sees it; Fukang's does not.
    const changji = await staff(browser, baseURL, 'supervisor.changji');
    const seen = (await (await changji.get('/api/v1/supervision/warnings', { params: { level: 'red' } })).json()) as { items: { caseNumber: string }[] };
    expect(seen.items.map((i) => i.caseNumber)).toContain(caseNumber);
    const fukang = await staff(browser, baseURL, 'supervisor.fukang');
    const notSeen = (await (await fukang.get('/api/v1/supervision/warnings', { params: { level: 'red' } })).json()) as { items: { caseNumber: string }[] };
    expect(notSeen.items.map((i) => i.caseNumber)).not.toContain(caseNumber);
  } finally {
    // Back to the real time for whatever runs next (a fresh session: the old one may have aged out).
    const again = await staff(browser, baseURL, 'admin');
    expect((await again.put('/api/v1/system/clock', { data: { now: new Date().toISOString() } })).status()).toBe(200);
  }
});

test('a supervisor reads last month\'s report and downloads it as PDF and XLSX', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'supervisor');
  await page.goto('/supervision/reports');
  const content = page.getByTestId('report-content');
  await expect(content).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('report-title')).toContainText('昌吉回族自治州人民政府');
  await expect(page.getByTestId('report-kpis')).toContainText('一窗受理率');
  await expect(page.getByTestId('report-kpis')).toContainText('网上可办率');
  // A month that is over is kept as first generated, and listed.
  await expect(content).toContainText('已存档');
  await expect(page.getByTestId('kept-reports')).toContainText('昌吉回族自治州人民政府');
  await snap(page, testInfo, '10-monthly-report');

  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  // An XLSX file is a zip archive.
  expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');
});

test('a county supervisor sees their county only', async ({ page }, testInfo) => {
  await signIn(page, 'supervisor.fukang');
  await expect(page).toHaveURL(/\/supervision$/);
  await expect(page.getByText('阜康市人民政府 · 统计期')).toBeVisible();
  // Changji is not in Fukang's subtree: as if it did not exist.
  await page.goto('/supervision?trail=652301');
  await expect(page.getByText('未找到该记录').first()).toBeVisible();
  await snap(page, testInfo, '11-fukang-no-changji');
  for (const url of ['/api/v1/supervision/kpis?org=652301', '/api/v1/supervision/warnings?org=652301', '/api/v1/supervision/staff?org=652301', '/api/v1/supervision/problem-reports?org=652301']) {
    expect((await page.request.get(url)).status(), url).toBe(404);
  }
  const month = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 7);
  expect((await page.request.get(`/api/v1/supervision/reports/monthly/pdf?org=652301&month=${month}`)).status()).toBe(404);
  // The Changji City market regulator is not in the organisation picker either.
  await page.goto('/supervision/warnings');
  await page.getByRole('combobox', { name: '机构范围' }).click();
  await expect(page.locator('.ant-select-tree')).toContainText('阜康市');
  await expect(page.locator('.ant-select-tree')).not.toContainText('昌吉市市场监督管理局');
});

test('a window clerk signs in at the window and the supervisors see who is on duty', async ({ page, browser }, testInfo) => {
  await signIn(page, 'clerk.changji');
  await page.goto('/hall/queue');
  const duty = page.getByTestId('duty-status');
  await expect(duty).toBeVisible();
  if (await page.getByTestId('duty-sign-in').isVisible()) await page.getByTestId('duty-sign-in').click();
  await expect(duty.locator('[data-duty]')).toHaveAttribute('data-duty', /onDuty|serving/);
  await duty.getByText('暂离', { exact: true }).click();
  await expect(duty.locator('[data-duty]')).toHaveAttribute('data-duty', 'away');
  await snap(page, testInfo, '12-clerk-duty', false);

  const supervisor = await browser.newPage({ baseURL: testInfo.project.use.baseURL!, ...pageOptions });
  await signIn(supervisor, 'supervisor.changji');
  await supervisor.goto('/supervision/staff');
  const row = supervisor.getByTestId('staff-table').getByRole('row', { name: /李娜/ });
  await expect(row.locator('[data-duty]')).toHaveAttribute('data-duty', 'away');
  await snap(supervisor, testInfo, '13-staff');
  await supervisor.close();

  await duty.getByText('在岗', { exact: true }).click();
  await expect(duty.locator('[data-duty]')).toHaveAttribute('data-duty', /onDuty|serving/);
  await duty.getByTestId('duty-sign-out').click();
  await page.getByRole('button', { name: '签退' }).last().click();
  await expect(page.getByTestId('duty-sign-in')).toBeVisible();
});

test('a citizen reports a blockage and the responsible department answers it', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  // ---- anyone, not signed in, from the portal's footer
  await page.goto('/');
  await page.getByRole('link', { name: '反映办事堵点难点' }).click();
  await expect(page).toHaveURL(/\/problems\/new$/);
  await page.getByRole('combobox', { name: '在哪个单位办理' }).click();
  await page.keyboard.type('昌吉市市场');
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '昌吉市市场监督管理局' }).first().click();
  const text = '办理食品经营许可时窗口要求提供营业执照原件，但网上已有电子营业执照，只好回家再跑一趟。';
  await page.getByLabel('遇到的问题').fill(text);
  await page.getByLabel('手机号码').fill('13899120009');
  await snap(page, testInfo, '14-problem-new');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  const reported = page.getByTestId('problem-reported');
  await expect(reported).toContainText('已收到您的反映');
  const number = (await page.getByTestId('problem-number').textContent())!.trim();
  expect(number).toMatch(/^WT\d{13}$/);
  await expect(reported).toContainText('昌吉市市场监督管理局');
  await snap(page, testInfo, '15-problem-reported');
  // The form on a phone, in English.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByText('English', { exact: true }).click();
  await page.getByRole('button', { name: 'Report another problem' }).click();
  await expect(page.getByRole('heading', { name: 'Report a blockage or difficulty' })).toBeVisible();
  await snap(page, testInfo, '15-problem-new-en-US-375');
  await page.getByText('中文', { exact: true }).click();

  // ---- the department's head answers it
  const head = await browser.newPage({ baseURL: testInfo.project.use.baseURL!, ...pageOptions });
  await signIn(head, 'head.changji.market');
  await head.goto('/supervision/problems');
  const card = head.locator(`[data-number="${number}"]`);
  await expect(card).toContainText(text);
  await expect(card).toContainText('待答复');
  await expect(card.getByTestId('problem-due')).toContainText('个工作日');
  // Contacts are masked for everyone but the reporter.
  await expect(card).toContainText('138****0009');
  await snap(head, testInfo, '16-problem-to-answer');
  await card.getByLabel('答复内容').fill('经核实，窗口已可直接调用电子营业执照，不再要求提供原件；已对窗口人员进行培训。');
  await card.getByRole('button', { name: '提交答复' }).click();
  await expect(head.locator('.ant-message')).toContainText('已答复');
  // Answered, it leaves the open ones for the answered ones.
  await expect(card).toHaveCount(0);
  await head.getByRole('tab', { name: '已答复' }).click();
  await expect(card.getByTestId('problem-answer')).toContainText('电子营业执照');
  await head.close();

  // ---- the county's supervisor watches how it was handled
  const supervisor = await browser.newPage({ baseURL: testInfo.project.use.baseURL!, ...pageOptions });
  await signIn(supervisor, 'supervisor.changji');
  await supervisor.goto('/supervision/problems?tab=answered');
  const watched = supervisor.locator(`[data-number="${number}"]`);
  await expect(watched.getByTestId('problem-answer')).toContainText('电子营业执照');
  // Supervisors watch; they do not answer.
  await expect(supervisor.getByRole('button', { name: '提交答复' })).toHaveCount(0);
  await snap(supervisor, testInfo, '17-problem-answered');
  await supervisor.close();

  // ---- Fukang's supervisor does not see it
  const fukang = await staff(browser, testInfo.project.use.baseURL!, 'supervisor.fukang');
  const list = (await (await fukang.get('/api/v1/supervision/problem-reports')).json()) as { items: { number: string }[] };
  expect(list.items.map((i) => i.number)).not.toContain(number);
});
