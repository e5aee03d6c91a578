import { expect, test } from '@playwright/test';
import { pageOptions, PDF, signIn, snap, staff, step, zhDate } from './helpers.js';

const ITEM = { query: '食品经营许可', zh: '食品经营许可（新办）', en: 'Food business licence (new application)' };

interface CaseView {
  case: { id: string; caseNumber: string; status: string; version: number; certificateId: string | null };
  clock: { promisedDueOn: string | null };
  allowedActions: string[];
}

test('an applicant files online, follows the case to its certificate, and anyone verifies the certificate', async ({ page, browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  await signIn(page, 'zhangwei');

  // ---- filing through the API, with the browser's session (page.request shares its cookies)
  const upload = await page.request.post('/api/v1/files', { multipart: { file: { name: 'material.pdf', mimeType: 'application/pdf', buffer: PDF } } });
  expect(upload.status()).toBe(201);
  const file = (await upload.json()) as { id: string };

  const search = (await (await page.request.get('/api/v1/catalog/items', { params: { q: ITEM.query } })).json()) as { items: { code: string; name: string }[] };
  const item = search.items.find((i) => i.name === ITEM.zh);
  expect(item, 'the search finds the item').toBeTruthy();
  const notice = (await (await page.request.get(`/api/v1/catalog/items/${item!.code}/notice`)).json()) as {
    item: { intakeLevel: string; decisionLevel: string; formSchema: { properties: Record<string, { examples?: unknown[] }> }; materials: { key: string }[] };
    implementers: { code: string; name: string }[];
  };
  // Taken in and decided by the county: Changji City's market regulator does both.
  expect(notice.item.intakeLevel).toBe('county');
  expect(notice.item.decisionLevel).toBe('county');
  const org = notice.implementers.find((i) => i.code.startsWith('652301'));
  expect(org?.name).toBe('昌吉市市场监督管理局');

  const formData = Object.fromEntries(Object.entries(notice.item.formSchema.properties).map(([key, p]) => [key, p.examples?.[0]]));
  const body = { itemCode: item!.code, org: org!.code, formData, materials: notice.item.materials.map((m) => ({ key: m.key, fileIds: [file.id] })) };
  const key = `e2e-cases-${Date.now()}`;
  const filed = await page.request.post('/api/v1/cases', { data: body, headers: { 'Idempotency-Key': key } });
  expect(filed.status(), await filed.text()).toBe(201);
  let view = (await filed.json()) as CaseView;
  expect(view.case.status).toBe('submitted');
  // A retry with the same key returns the same case instead of filing a second one.
  const retried = await page.request.post('/api/v1/cases', { data: body, headers: { 'Idempotency-Key': key } });
  expect(retried.status()).toBe(200);
  expect(((await retried.json()) as CaseView).case.id).toBe(view.case.id);
  const { id, caseNumber } = view.case;

  // ---- the Changji City clerk accepts it, in another browser context
  const clerk = await staff(browser, baseURL, 'clerk.changji');
  view = (await (await clerk.get(`/api/v1/cases/${id}`)).json()) as CaseView;
  expect(view.allowedActions).toContain('accept');
  view = await step(clerk, view, 'accept');
  expect(view.case.status).toBe('accepted');
  const dueOn = view.clock.promisedDueOn!;

  // ---- the applicant finds it under 我的办件 (account menu)
  await page.goto('/');
  await page.getByRole('button', { name: '账号菜单' }).click();
  await page.getByRole('menuitem', { name: '我的办件' }).click();
  await expect(page).toHaveURL(/\/my\/cases$/);
  const row = page.getByRole('row', { name: new RegExp(caseNumber) });
  await expect(row).toContainText(ITEM.zh);
  await expect(row).toContainText('已受理');
  await expect(row).toContainText(zhDate(dueOn));
  await snap(page, testInfo, 'my-cases-zh-CN');

  await row.getByRole('link', { name: caseNumber }).click();
  await expect(page).toHaveURL(new RegExp(`/my/cases/${id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ITEM.zh);
  await expect(page.getByTestId('case-status')).toContainText('已受理');
  await expect(page.getByTestId('case-clock')).toContainText(zhDate(dueOn));
  await expect(page.getByTestId('case-history')).toContainText('受理');
  await expect(page.getByTestId('case-materials')).toContainText('食品经营许可申请书');
  await expect(page.getByTestId('case-trips')).toContainText('零跑动');
  await expect(page.getByTestId('case-trips')).toContainText('最多跑一次');
  // Only the documents the case has reached are offered.
  const documents = page.getByTestId('case-documents');
  const acceptance = documents.getByRole('link', { name: '受理通知书' });
  await expect(acceptance).toHaveAttribute('href', `/api/v1/cases/${id}/documents/acceptance.pdf`);
  await expect(documents.getByRole('link', { name: '决定书' })).toHaveCount(0);
  const pdf = await page.request.get((await acceptance.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await snap(page, testInfo, 'case-accepted-zh-CN');

  // ---- the acceptance SMS is in 我的消息
  await page.getByRole('button', { name: '账号菜单' }).click();
  await page.getByRole('menuitem', { name: '我的消息' }).click();
  await expect(page).toHaveURL(/\/my\/messages$/);
  const accepted = page.locator('[data-template="case.accepted"]');
  await expect(accepted).toHaveCount(1);
  await expect(accepted).toContainText('短信');
  await expect(accepted).toContainText(`（办件编号${caseNumber}）已受理`);
  await snap(page, testInfo, 'my-messages-zh-CN');

  // ---- the department reviews, approves and issues the e-certificate
  const head = await staff(browser, baseURL, 'head.changji.market');
  view = (await (await head.get(`/api/v1/cases/${id}`)).json()) as CaseView;
  view = await step(head, view, 'start-review');
  expect(view.allowedActions).toContain('decide');
  view = await step(head, view, 'decide', { outcome: 'approve', reasons: '经审查，申请材料齐全，符合法定条件，准予许可。' });
  view = await step(head, view, 'issue', { validYears: 5 });
  const certificateId = view.case.certificateId!;
  expect(certificateId).toBeTruthy();

  // ---- anyone verifies it, without signing in (the QR code on the certificate leads here)
  const visitor = await browser.newContext({ baseURL, ...pageOptions });
  const anonymous = await visitor.newPage();
  await anonymous.goto(`/verify/${certificateId}`);
  const verdict = anonymous.getByTestId('verify-verdict');
  await expect(verdict).toContainText('证照有效');
  await expect(anonymous.getByText(`${caseNumber}-Z`, { exact: true })).toBeVisible();
  // The national identifier (GB/T 36904 structure) carries the number too.
  await expect(anonymous.getByTestId('certificate-identifier')).toContainText(`.${caseNumber}-Z.`);
  await expect(anonymous.getByText('张伟', { exact: true })).toBeVisible();
  await expect(anonymous.getByText('昌吉市市场监督管理局', { exact: true })).toBeVisible();
  await expect(anonymous.getByText('652301********1231')).toBeVisible();
  await anonymous.getByText('技术细节').click();
  await expect(anonymous.getByTestId('verify-payload')).toContainText(`"number": "${caseNumber}-Z"`);
  await expect(anonymous.getByRole('link', { name: '/api/v1/seals/keys' })).toBeVisible();
  await snap(anonymous, testInfo, 'verify-zh-CN');
  await anonymous.getByText('English', { exact: true }).click();
  await expect(verdict).toContainText('Valid');
  await snap(anonymous, testInfo, 'verify-en-US');
  await anonymous.setViewportSize({ width: 390, height: 844 });
  await expect(verdict).toBeVisible();
  await snap(anonymous, testInfo, 'verify-en-US-390');
  await anonymous.getByText('中文', { exact: true }).click();
  await expect(verdict).toContainText('证照有效');
  await snap(anonymous, testInfo, 'verify-zh-CN-390');
  // An unknown certificate is reported as such, not as an error.
  await anonymous.goto('/verify/00000000-0000-4000-8000-000000000000');
  await expect(anonymous.getByText('查无此证照')).toBeVisible();
  await visitor.close();

  // ---- the applicant sees the result, links to the certificate, and rates the service
  await page.goto(`/my/cases/${id}`);
  await expect(page.getByTestId('case-status')).toContainText('已办结');
  await expect(page.getByTestId('case-result')).toContainText('准予许可');
  await expect(page.getByTestId('case-certificate').getByRole('link', { name: '核验证照' })).toHaveAttribute('href', `/verify/${certificateId}`);
  await expect(documents.getByRole('link', { name: '决定书' })).toHaveAttribute('href', `/api/v1/cases/${id}/documents/decision.pdf`);
  await expect(documents.getByRole('link', { name: '电子证照' })).toHaveAttribute('href', `/api/v1/cases/${id}/documents/certificate.pdf`);
  const rating = page.getByTestId('case-rating');
  await rating.getByText('不满意', { exact: true }).click();
  // A bad rating asks what went wrong before it can be sent.
  await rating.getByRole('button', { name: '提交评价' }).click();
  await expect(rating.getByText('请至少选择一项')).toBeVisible();
  await rating.getByText('办理时间长').click();
  await rating.getByLabel('意见建议（选填）').fill('希望进一步压缩审批时间');
  await snap(page, testInfo, 'case-decided-zh-CN');
  await rating.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('case-rated')).toContainText('您的评价：不满意');
  await expect(page.getByTestId('case-rated')).toContainText('办理时间长');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await snap(page, testInfo, 'case-decided-zh-CN-390');
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ITEM.en);
  await expect(page.getByTestId('case-status')).toContainText('Decided');
  await snap(page, testInfo, 'case-decided-en-US-390');
  await page.goto('/my/cases');
  await expect(page.getByRole('link', { name: new RegExp(caseNumber) })).toBeVisible();
  await snap(page, testInfo, 'my-cases-en-US-390');
  await page.goto('/my/messages');
  await expect(page.locator('[data-template="case.certificate_issued"]')).toContainText('E-certificate issued');
  await snap(page, testInfo, 'my-messages-en-US-390');
  await page.getByText('中文', { exact: true }).click();
});

test('the applicant pages need a sign-in; verification does not', async ({ page }) => {
  await page.goto('/my/cases');
  await expect(page).toHaveURL(/\/login\?next=%2Fmy%2Fcases$/);
  await page.goto('/my/messages');
  await expect(page).toHaveURL(/\/login\?next=%2Fmy%2Fmessages$/);
  await page.goto('/verify/not-a-certificate');
  await expect(page.getByText('查无此证照')).toBeVisible();
});
