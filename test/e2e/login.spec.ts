import { expect, test } from '@playwright/test';
import { enLabels as en, fillSignIn, snap, zhLabels as zh } from './helpers.js';

const FUKANG_HALL = '阜康市政务服务中心';

test('an administrator signs in, in both languages, and sees the organisation tree', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办事“最多跑一次”');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await snap(page, testInfo, 'home-zh-CN');

  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('At most one trip');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await snap(page, testInfo, 'home-en-US');

  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await expect(page).toHaveURL(/\/login$/);
  await fillSignIn(page, 'admin', en);

  await expect(page).toHaveURL(/\/admin\/orgs$/);
  const nav = page.getByRole('menu', { name: 'Main navigation' });
  for (const item of ['Workbench', 'Halls and windows', 'Working-day calendar', 'Organisations', 'Accounts', 'Audit log']) {
    await expect(nav.getByRole('menuitem', { name: item })).toBeVisible();
  }
  const tree = page.getByRole('tree');
  await expect(tree.getByText('People\'s Government of Changji City', { exact: true })).toBeVisible();
  await snap(page, testInfo, 'admin-orgs-en-US');

  // The choice of language survives a reload (localStorage), and switching back shows the Chinese labels.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Organisations' })).toBeVisible();
  await page.getByText('中文', { exact: true }).click();
  for (const item of ['工作台', '大厅与窗口', '工作日历', '组织机构', '账号管理', '审计日志']) {
    await expect(page.getByRole('menu', { name: '主导航' }).getByRole('menuitem', { name: item })).toBeVisible();
  }
  await expect(tree.getByText('昌吉市', { exact: true })).toBeVisible();
  await expect(tree.getByText('阜康市', { exact: true })).toBeVisible();
  await snap(page, testInfo, 'admin-orgs-zh-CN');

  // The prefecture administrator manages the Fukang hall: the edit buttons are there.
  await page.getByRole('menuitem', { name: '大厅与窗口' }).click();
  await page.getByRole('link', { name: FUKANG_HALL, exact: true }).click();
  await expect(page.getByRole('heading', { name: FUKANG_HALL })).toBeVisible();
  await expect(page.getByRole('button', { name: '编辑场所' })).toBeVisible();
  await expect(page.getByRole('button', { name: '添加窗口' })).toBeVisible();
  await snap(page, testInfo, 'admin-fukang-hall-zh-CN');

  await page.getByRole('button', { name: '账号菜单' }).click();
  // Signing out ends the session on the server first, then reloads the home page (slow on a loaded machine).
  await Promise.all([page.waitForURL(/\/$/), page.getByRole('menuitem', { name: '退出登录' }).click()]);
  await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
});

test("a county clerk sees another county's hall without any edit button", async ({ page }, testInfo) => {
  await page.goto('/login');
  await fillSignIn(page, 'clerk.changji', zh);
  // A clerk's home is the front desk.
  await expect(page).toHaveURL(/\/hall\/desk$/);
  await expect(page.getByRole('heading', { name: '前台受理' })).toBeVisible();

  const nav = page.getByRole('menu', { name: '主导航' });
  await expect(nav.getByRole('menuitem', { name: '大厅与窗口' })).toBeVisible();
  await expect(nav.getByRole('menuitem', { name: '组织机构' })).toHaveCount(0);
  await expect(nav.getByRole('menuitem', { name: '账号管理' })).toHaveCount(0);

  await nav.getByRole('menuitem', { name: '大厅与窗口' }).click();
  await page.getByRole('link', { name: FUKANG_HALL, exact: true }).click();
  await expect(page.getByRole('heading', { name: FUKANG_HALL })).toBeVisible();
  await expect(page.getByText('阜康市', { exact: false }).first()).toBeVisible();
  // The windows are listed …
  await expect(page.getByRole('row', { name: /A01/ })).toBeVisible();
  // … but nothing offers to change them: the server says canManage = false.
  await expect(page.getByText('您可以查看此场所，但不能修改')).toBeVisible();
  for (const name of ['编辑场所', '添加窗口', '编辑', '安排人员']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
  await snap(page, testInfo, 'clerk-fukang-hall-zh-CN');

  // Administration pages are closed to a clerk (and the server answers 403 anyway).
  await page.goto('/admin/orgs');
  await expect(page.getByText('无权访问')).toBeVisible();
});
