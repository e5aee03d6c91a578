import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { pageOptions, signedInPage, signIn, snap } from './helpers.js';

// The certificate library as its users meet it (issue 8, items 1, 2 and 7): the holder finds a
// certificate under 我的证照, downloads it (PDF and the signed file, which the offline check accepts),
// makes a share link that works for anyone without signing in, and its QR link verifies it; an
// administrator revokes it, and verification and the share link say so at once.

// zhangwei's driving licence, seeded through the import path (server/modules/certificates/seed.ts);
// the other journeys do not use it, so revoking it here disturbs nobody.
const LICENCE = { number: 'JSZ652301-2020-118342', title: '机动车驾驶证', titleEn: 'Driving licence', issuer: '昌吉市公安局' };
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

test('the holder downloads and shares a certificate, anyone verifies it by its QR link, and sees it revoked', async ({ page, browser }, testInfo) => {
  // A long journey through four browser contexts and a CLI run.
  test.slow();
  const baseURL = testInfo.project.use.baseURL!;
  await signIn(page, 'zhangwei');

  // ---- 我的证照, from the account menu
  await page.getByRole('button', { name: '账号菜单' }).click();
  await page.getByRole('menuitem', { name: '我的证照' }).click();
  await expect(page).toHaveURL(/\/my\/certificates$/);
  const cards = page.getByTestId('certificate-card');
  await expect(cards.filter({ hasText: '居民身份证' })).toBeVisible();
  await expect(cards.filter({ hasText: '不动产权证书' })).toBeVisible();
  const card = cards.filter({ hasText: LICENCE.number });
  await expect(card).toContainText(LICENCE.issuer);
  await expect(card).toContainText('有效');
  await snap(page, testInfo, 'my-certificates-zh-CN');

  // ---- the certificate: identifier, fields, downloads, QR code
  await card.click();
  await expect(page.getByRole('heading', { level: 3, name: LICENCE.title })).toBeVisible();
  await expect(page.getByTestId('certificate-identifier').first()).toContainText('1.2.156.3005.2.');
  await expect(page.getByTestId('certificate-fields')).toContainText('准驾车型');
  await expect(page.getByTestId('certificate-fields')).toContainText('C1');
  const id = /\/my\/certificates\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
  await snap(page, testInfo, 'certificate-zh-CN');

  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  const [signedDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-signed').click()]);
  const signedFile = testInfo.outputPath('signed.json');
  await signedDownload.saveAs(signedFile);
  const signed = JSON.parse(readFileSync(signedFile, 'utf8')) as { payload: { number: string }; alg: string };
  expect(signed).toMatchObject({ alg: 'EdDSA', payload: { number: LICENCE.number } });
  // The offline check, against the keys the server publishes; and a forged copy fails it.
  const cli = (file: string) => run(process.execPath, ['bin/onetrip.js', 'certificate', 'verify', file, '--keys', `${baseURL}/.well-known/jwks.json`], { cwd: root }).then((r) => ({ code: 0, out: r.stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }));
  const genuine = await cli(signedFile);
  expect(genuine.out).toContain('VALID');
  expect(genuine.code).toBe(0);
  const forgedFile = testInfo.outputPath('forged.json');
  writeFileSync(forgedFile, JSON.stringify({ ...signed, payload: { ...signed.payload, number: 'JSZ652301-2020-999999' } }));
  const forged = await cli(forgedFile);
  expect(forged.out).toContain('TAMPERED');
  expect(forged.code).toBe(1);

  const verifyLink = page.getByTestId('verify-link');
  await expect(verifyLink).toHaveAttribute('href', `${baseURL}/verify/${id}`);

  // ---- a share link for a week
  const panel = page.getByTestId('share-panel');
  await panel.getByRole('combobox', { name: '有效期' }).click();
  await page.locator('.ant-select-item-option', { hasText: '7 天' }).click();
  await panel.getByRole('button', { name: '生成分享链接' }).click();
  const dialog = page.getByRole('dialog', { name: '分享链接已生成' });
  const shareUrl = await dialog.getByTestId('share-url').inputValue();
  expect(shareUrl).toMatch(new RegExp(`^${baseURL}/certificates/shared#[A-Za-z0-9_-]{43}$`));
  await snap(page, testInfo, 'share-link-zh-CN');
  await dialog.getByRole('button', { name: '完成' }).click();
  await expect(panel.getByTestId('share-item')).toHaveCount(1);
  await expect(panel.getByTestId('share-item')).toContainText('有效');

  // ---- anyone with the link, signed out, sees it verified, and follows its QR link
  const visitorContext = await browser.newContext({ baseURL, ...pageOptions, viewport: { width: 375, height: 812 } });
  const visitor = await visitorContext.newPage();
  await visitor.goto(shareUrl);
  await expect(visitor.getByTestId('verify-verdict')).toContainText('证照有效');
  await expect(visitor.getByText(LICENCE.number).first()).toBeVisible();
  await expect(visitor.getByText('652301********').first()).toBeVisible();
  await expect(visitor.getByTestId('share-until')).toBeVisible();
  await snap(visitor, testInfo, 'shared-zh-CN-375');
  await visitor.goto((await visitor.getByTestId('verify-link').getAttribute('href'))!);
  await expect(visitor).toHaveURL(new RegExp(`/verify/${id}$`));
  await expect(visitor.getByTestId('verify-verdict')).toContainText('证照有效');
  await expect(visitor.getByTestId('certificate-fields')).toContainText('C1');

  // ---- an administrator finds it in the library and revokes it
  const admin = await signedInPage(browser, baseURL, 'admin');
  await admin.goto(`/admin/certificates?q=${LICENCE.number}`);
  await admin.getByRole('button', { name: `查看 ${LICENCE.number}` }).click();
  const drawer = admin.getByRole('dialog', { name: LICENCE.title });
  await expect(drawer.getByTestId('certificate-info')).toContainText(LICENCE.issuer);
  await drawer.getByTestId('certificate-actions').getByRole('button', { name: '撤销' }).click();
  const confirm = admin.getByRole('dialog', { name: '撤销' });
  await confirm.getByLabel('原因').fill('驾驶证已注销（测试）');
  await confirm.getByRole('button', { name: '撤销' }).click();
  await expect(admin.getByText('证照已撤销')).toBeVisible();
  await expect(drawer.getByTestId('certificate-status').first()).toHaveText('已撤销');
  await snap(admin, testInfo, 'library-revoked-zh-CN');

  // ---- verification says so at once, and so does the share link
  await visitor.reload();
  await expect(visitor.getByTestId('verify-verdict')).toContainText('证照无效');
  await expect(visitor.getByTestId('verify-verdict')).toContainText('证照已被撤销');
  await expect(visitor.getByTestId('verify-verdict')).toContainText('驾驶证已注销（测试）');
  await snap(visitor, testInfo, 'verify-revoked-zh-CN-375');
  await visitor.goto(shareUrl);
  await expect(visitor.getByTestId('verify-verdict')).toContainText('证照无效');

  // ---- the holder sees it revoked, and ends the share link
  await page.reload();
  await expect(page.getByTestId('certificate-status').first()).toHaveText('已撤销');
  await page.getByTestId('share-panel').getByRole('button', { name: '撤销' }).click();
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('share-item')).toContainText('已失效');
  await visitor.reload();
  await expect(visitor.getByTestId('share-unavailable')).toContainText('分享链接已失效');

  // ---- the same pages in English and on a phone
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/my/certificates');
  await expect(page.getByTestId('certificate-card').first()).toBeVisible();
  await snap(page, testInfo, 'my-certificates-zh-CN-375');
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'My certificates' })).toBeVisible();
  await snap(page, testInfo, 'my-certificates-en-US-375');
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.goto(`/my/certificates/${id}`);
  await expect(page.getByRole('heading', { level: 3, name: LICENCE.title })).toBeVisible();
  await expect(page.getByText('This certificate cannot be used now: Revoked')).toBeVisible();
  await snap(page, testInfo, 'certificate-en-US');
  await page.getByText('中文', { exact: true }).click();
  await visitorContext.close();
  await admin.context().close();
});

test('administrators keep the type catalog, import certificates after a dry run, and rotate a seal key', async ({ browser }, testInfo) => {
  test.slow();
  const baseURL = testInfo.project.use.baseURL!;
  const admin = await signedInPage(browser, baseURL, 'admin');

  // ---- the catalog of types, with national codes and fields
  await admin.goto('/admin/certificates/types');
  const row = admin.getByRole('row', { name: /营业执照.*businessLicence/ });
  await expect(row).toContainText(/11100000MB[0-9A-Z]{8}\d{3}/);
  await snap(admin, testInfo, 'types-zh-CN');
  await row.getByRole('button', { name: '编辑 businessLicence' }).click();
  const edit = admin.getByRole('dialog', { name: '编辑证照类型' });
  await expect(edit.getByLabel('类型标识')).toHaveValue('businessLicence');
  await expect(edit.getByLabel('类型标识')).toBeDisabled();
  await snap(admin, testInfo, 'type-edit-zh-CN');
  await edit.getByRole('button', { name: '取消' }).click();

  // ---- import: a bad row is reported and nothing is imported; the corrected batch goes in, sealed
  await admin.goto('/admin/certificates/import');
  await admin.getByRole('combobox', { name: '颁发机构' }).click();
  await admin.keyboard.type('昌吉市市场');
  await admin.locator('.ant-select-tree-node-content-wrapper', { hasText: '昌吉市市场监督管理局' }).first().click();
  const row1 = {
    type: 'businessLicence', number: `E2E-YZ-${Date.now() % 1_000_000}`, issuedOn: '2023-02-01', holder: { kind: 'company', name: '昌吉市天山食品有限公司', idNumber: '91652301MA7E5XMP27' },
    fields: { entityName: '昌吉市示例商贸有限公司', entityType: '有限责任公司', legalRepresentative: '李明', establishedOn: '2023-02-01', address: '昌吉市北京南路1号', businessScope: '日用百货销售' },
  };
  const row2 = { ...row1, number: `${row1.number}-2`, holder: { ...row1.holder, idNumber: '91652301MA7E5XMP28' } };
  const paste = admin.getByLabel('或粘贴 JSON');
  await paste.fill(JSON.stringify([row1, row2]));
  await admin.getByRole('button', { name: '校验（不导入）' }).click();
  const report = admin.getByTestId('import-report');
  await expect(report).toContainText('1 条有误');
  await expect(report).toContainText('holder/idNumber');
  await expect(admin.getByTestId('import-run')).toBeDisabled();
  await snap(admin, testInfo, 'import-report-zh-CN');
  await paste.fill(JSON.stringify([row1]));
  await admin.getByRole('button', { name: '校验（不导入）' }).click();
  await expect(report).toContainText('全部 1 条通过校验');
  await admin.getByTestId('import-run').click();
  await expect(report).toContainText('已导入 1 张证照');
  await expect(report).toContainText('1.2.156.3005.2.');
  await admin.goto(`/admin/certificates?q=${row1.number}`);
  await expect(admin.getByRole('row', { name: new RegExp(row1.number) })).toContainText('有效');

  // ---- seal keys: the market regulator's key is in use; rotating starts a new one
  await admin.goto('/admin/certificates/seals?q=昌吉市市场监督管理局');
  const key = admin.getByRole('row', { name: /昌吉市市场监督管理局.*使用中/ });
  await expect(key).toHaveCount(1);
  await snap(admin, testInfo, 'seals-zh-CN');
  await key.getByRole('button', { name: /轮换密钥/ }).click();
  await admin.getByRole('button', { name: '确定' }).click();
  await expect(admin.getByText('已启用新密钥')).toBeVisible();
  await expect(admin.getByRole('row', { name: /昌吉市市场监督管理局.*已轮换/ })).toHaveCount(1);
  await admin.setViewportSize({ width: 375, height: 812 });
  await snap(admin, testInfo, 'seals-zh-CN-375');
  await admin.context().close();
});
