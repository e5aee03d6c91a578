import { expect, test, type Page } from '@playwright/test';
import { signIn, snap } from './helpers.js';

const LLC = { code: '07047001001', zh: '有限责任公司设立登记', en: 'Establishment registration of a limited liability company' };

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '账号菜单' }).click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Confirms the open Popconfirm (its OK button reads 确定). */
async function confirm(page: Page): Promise<void> {
  await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
}

test('an applicant finds a service from the home page, reads its notice at a place, and prints it', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByLabel('搜索办事事项').fill('营业执照');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await expect(page).toHaveURL(/\/services\?q=/);
  await expect(page.getByText(/“营业执照”的搜索结果/)).toBeVisible();
  await snap(page, testInfo, 'services-zh-CN');

  await page.getByRole('link', { name: LLC.zh, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/items/${LLC.code}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(LLC.zh);
  // At a glance: trips, limits, materials, fees.
  await expect(page.getByLabel('办事要点')).toContainText('全程网办');
  await expect(page.getByLabel('办事要点')).toContainText('6 项');

  // The place: Changji City's market regulator, with its hall and the windows that accept the item.
  await page.getByLabel('办理地点').click();
  await page.keyboard.type('昌吉市');
  await page.getByRole('option', { name: '昌吉市市场监督管理局' }).click();
  await expect(page).toHaveURL(/org=652301-market/);
  await expect(page.getByRole('link', { name: '昌吉市政务服务中心' })).toBeVisible();
  await expect(page.getByText('企业开办综合窗口1')).toBeVisible();

  // The materials, with what can be skipped and the templates.
  const materials = page.locator('#materials');
  await expect(materials.getByText('公司章程', { exact: true })).toBeVisible();
  await expect(materials.getByText('可免提交').first()).toBeVisible();
  await expect(materials.getByRole('link', { name: '空白模板' })).toHaveAttribute('href', `/api/v1/catalog/items/${LLC.code}/materials/application/template.pdf`);

  // The page embeds its JSON-LD (schema.org GovernmentService).
  const jsonLd = page.locator('script[type="application/ld+json"]');
  await expect(jsonLd).toHaveCount(1);
  expect(JSON.parse((await jsonLd.textContent()) ?? '{}')).toMatchObject({ '@type': 'GovernmentService', identifier: LLC.code });

  // The printable notice is a PDF.
  const print = page.getByRole('link', { name: '打印告知单' });
  const href = await print.getAttribute('href');
  expect(href).toBe(`/api/v1/catalog/items/${LLC.code}/notice.pdf?org=652301-market`);
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await snap(page, testInfo, 'notice-zh-CN');

  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(LLC.en);
  await expect(page.getByText('Company Establishment Window 1')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Print notice' })).toBeVisible();
  await snap(page, testInfo, 'notice-en-US');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await snap(page, testInfo, 'notice-en-US-390');
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(LLC.zh);
  await snap(page, testInfo, 'notice-zh-CN-390');
});

test('a catalog manager changes a promised limit; a second manager approves it (four eyes)', async ({ page }, testInfo) => {
  test.setTimeout(120_000); // two managers, four screens: near a minute on a loaded 2-core machine
  await signIn(page, 'catalog');
  await expect(page).toHaveURL(/\/admin\/catalog$/);
  await page.getByLabel('搜索编码或名称').fill(LLC.zh);
  await page.getByRole('link', { name: LLC.zh, exact: true }).click();
  await expect(page.getByRole('heading', { name: LLC.zh })).toBeVisible();

  await page.getByRole('button', { name: '开启新草稿' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('修改说明').fill('企业开办提速：承诺即办');
  await dialog.getByRole('button', { name: '开启新草稿' }).click();
  await expect(page.getByText('已开启新草稿')).toBeVisible();

  await page.getByRole('link', { name: '编辑草稿' }).click();
  await expect(page.getByRole('heading', { name: `编辑草稿：${LLC.zh}` })).toBeVisible();
  await page.getByLabel('承诺时限').fill('0');
  await snap(page, testInfo, 'draft-editor-zh-CN');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿已保存')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/admin/catalog/items/${LLC.code}`));

  // The side-by-side diff shows the changed field.
  await page.getByRole('button', { name: '与现行版本对比' }).click();
  const diff = page.locator('#diff');
  await expect(diff.getByRole('cell', { name: '承诺时限' })).toBeVisible();
  await expect(diff.locator('.diff-removed', { hasText: '1 个工作日' })).toBeVisible();
  await expect(diff.locator('.diff-added', { hasText: '即办' })).toBeVisible();

  await page.getByRole('button', { name: '提交审核' }).click();
  await confirm(page);
  await expect(page.getByText('已提交审核')).toBeVisible();
  // Whoever submitted may not approve.
  await expect(page.getByRole('button', { name: '审核通过并发布' })).toBeDisabled();
  await expect(page.getByText('须由另一位目录管理员审核通过').first()).toBeVisible();
  await snap(page, testInfo, 'item-in-review-zh-CN');
  await signOut(page);

  await signIn(page, 'catalog.review');
  await page.goto(`/admin/catalog/items/${LLC.code}`);
  await page.getByRole('button', { name: '审核通过并发布' }).click();
  await confirm(page);
  await expect(page.getByText('已审核通过并发布')).toBeVisible();
  await snap(page, testInfo, 'item-published-zh-CN');
  await signOut(page);

  // The public notice shows the new promise; version 1 is retired, version 2 in force.
  await page.goto(`/items/${LLC.code}`);
  await expect(page.getByLabel('办事要点')).toContainText('即办');
  await expect(page.getByTestId('version-2')).toContainText('已发布');
  await expect(page.getByTestId('version-1')).toContainText('已失效');
  await snap(page, testInfo, 'notice-v2-zh-CN');
});

test('the import reports each row, and a bad row changes nothing', async ({ page }, testInfo) => {
  await signIn(page, 'catalog');
  const exported = (await (await page.request.get('/api/v1/catalog/export?format=json')).json()) as Record<string, unknown>[];
  const good = { ...exported[0]!, code: 'E2E-IMPORT-001', name: '端到端测试导入事项', changeNote: 'e2e import' };
  // The bad row lacks its name and promises more than the law allows.
  const bad: Record<string, unknown> = { ...exported[1]!, code: 'E2E-IMPORT-002', promisedLimit: 400 };
  delete bad.name;

  await page.goto('/admin/catalog/import');
  await page.locator('input[type=file]').setInputFiles({ name: 'items.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify([good, bad])) });
  await expect(page.getByText('items.json')).toBeVisible();
  await page.getByRole('button', { name: '检查' }).click();

  const row1 = page.getByRole('row', { name: /E2E-IMPORT-001/ });
  const row2 = page.getByRole('row', { name: /E2E-IMPORT-002/ });
  await expect(row1).toContainText('新建事项');
  await expect(row2).toContainText('数据有误');
  await expect(row2).toContainText('promisedLimit');
  await expect(page.getByText('1 行有问题，导入时将跳过，不做任何修改。')).toBeVisible();
  await snap(page, testInfo, 'import-report-zh-CN');

  await page.locator('.import-file').getByRole('button', { name: /导入/ }).click();
  await confirm(page);
  await expect(page.getByText('导入结果', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'E2E-IMPORT-001' })).toBeVisible();
  // Only the good row became a draft; the bad one created nothing.
  expect((await page.request.get('/api/v1/catalog/items/E2E-IMPORT-001/versions')).status()).toBe(200);
  expect((await page.request.get('/api/v1/catalog/items/E2E-IMPORT-002/versions')).status()).toBe(404);
  await snap(page, testInfo, 'import-applied-zh-CN');
});
