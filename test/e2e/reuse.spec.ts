import { expect, test, type Page } from '@playwright/test';
import { PDF, signIn, signedInPage, snap } from './helpers.js';

// Fewer proofs (R1.3, issue 8): the issue's own check — tianshan.food, whose business licence is in the
// certificate library, applies online for a food business licence and uploads nothing the government
// holds: the licence comes from the library with its consent and the case shows it as level A with the
// certificate's identifier. Then the list of proof items, public and kept by catalog managers.

const ITEM = { code: '01047004001', zh: '食品经营许可（新办）' };
const ORG = '昌吉市市场监督管理局';
/** The case the company files online: the front desk then takes it in. */
let filedOnline: { id: string; caseNumber: string } | undefined;

interface CaseMaterial { materialKey: string; source: string | null; trustLevel: string | null; fileIds: string[]; replacement: { kind: string; identifier?: string; certificateId?: string } | null; consent: { kind: string } | null }

/** Nothing may scroll sideways (a phone's width is the test). */
async function noSideScroll(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

test.describe('fewer proofs', () => {
  test('a company with a business licence in the library applies for a food business licence and uploads nothing the government holds', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    let shot = 0;
    const shoot = (name: string) => snap(page, testInfo, `laptop-${String(++shot).padStart(2, '0')}-${name}`);
    await signIn(page, 'tianshan.food');
    // What the library holds for the company, as the apply page is told (no data query is made).
    const held = (await (await page.request.get(`/api/v1/cases/replacements?itemCode=${ITEM.code}`)).json()) as { materialKey: string; held: boolean | null; certificates: { identifier: string; number: string }[] }[];
    const licence = held.find((h) => h.materialKey === 'business-licence')!;
    expect(licence.held).toBe(true);
    const identifier = licence.certificates[0]!.identifier;

    // ---- the one-time notice says which material is a proof item and how it can be satisfied
    await page.goto(`/items/${ITEM.code}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ITEM.zh);
    const materials = page.locator('#materials');
    await expect(materials.getByTestId('proof-item-note')).toContainText('告知承诺');
    await materials.scrollIntoViewIfNeeded();
    await shoot('notice-proof-items');

    // ---- applies online, at Changji City
    await page.getByTestId('apply-online').click();
    await expect(page).toHaveURL(new RegExp(`/apply/${ITEM.code}`));
    const drafts = page.getByTestId('apply-drafts');
    if (await drafts.isVisible().catch(() => false)) await page.getByRole('button', { name: '重新填写' }).click();
    await page.getByLabel('办理地点').click();
    await page.keyboard.type('昌吉市');
    await page.getByRole('option', { name: ORG }).click();
    await page.getByLabel('经营者名称').fill('昌吉市天山食品有限公司');
    await page.getByLabel('统一社会信用代码').fill('91652301MA78XKQ45D');
    await page.getByLabel('经营场所', { exact: true }).fill('新疆昌吉州昌吉市延安北路88号');
    await page.getByText('食品销售经营者', { exact: true }).click();
    await page.getByLabel('经营项目').fill('预包装食品销售（含冷藏冷冻食品）');
    await page.getByLabel('经营场所面积（平方米）').fill('180');
    await page.locator('[data-field="onlineSales"]').getByText('否', { exact: true }).click();
    await expect(page.getByTestId('save-state')).toContainText('草稿已保存');

    // ---- the business licence: the government already holds it; the company consents instead of uploading
    const bl = page.getByTestId('material-business-licence');
    await expect(bl).toContainText('政府已持有此材料');
    await expect(bl).toContainText(licence.certificates[0]!.number);
    await bl.getByTestId('consent-business-licence').click();
    await expect(bl.locator('input[type=file]')).toHaveCount(0);
    await expect(bl.getByTestId('filled-business-licence')).toContainText('已调用，免于提交');
    await expect(bl.getByTestId('certificate-identifier')).toHaveText(identifier);
    // ---- the food safety manager's training record: a retained proof item a commitment may stand in for (告知承诺)
    const manager = page.getByTestId('material-manager-id');
    await manager.getByTestId('commit-manager-id').click();
    await expect(manager.getByRole('textbox', { name: '承诺内容' })).toHaveValue(/本人（单位）承诺/);
    // ---- only what the government cannot hold is uploaded: the application and the layout the company made
    for (const key of ['application', 'layout']) {
      await page.getByTestId(`material-${key}`).locator('input[type=file]').setInputFiles({ name: `${key}.pdf`, mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.from(`% reuse ${key}\n`)]) });
      await expect(page.getByTestId(`material-${key}`).locator('.apply-file-done')).toHaveCount(1);
    }
    await page.getByTestId('delivery-electronic').click();
    await expect(page.getByTestId('save-state')).toContainText('草稿已保存');
    await shoot('apply-government-copy');

    await page.getByTestId('apply-submit').click();
    await expect(page).toHaveURL(/\/my\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').pop()!;
    await expect(page.getByTestId('case-status')).toContainText('已提交');
    filedOnline = { id: caseId, caseNumber: ((await (await page.request.get(`/api/v1/cases/${caseId}`)).json()) as { case: { caseNumber: string } }).case.caseNumber };

    // ---- the case shows the licence as level A with the certificate's identifier; nothing was uploaded for it
    const caseMaterials = page.getByTestId('case-materials');
    const licenceRow = caseMaterials.locator('li', { hasText: '营业执照' });
    await expect(licenceRow.getByTestId('trust-level')).toHaveAttribute('data-level', 'A');
    await expect(licenceRow.getByTestId('certificate-identifier')).toHaveText(identifier);
    await expect(caseMaterials.locator('li', { hasText: '食品安全管理人员' }).getByTestId('trust-level')).toHaveAttribute('data-level', 'D');
    await expect(caseMaterials.locator('li', { hasText: '食品经营许可申请书' }).getByTestId('trust-level')).toHaveAttribute('data-level', 'C');
    await shoot('case-level-a');
    const view = (await (await page.request.get(`/api/v1/cases/${caseId}`)).json()) as { materials: CaseMaterial[] };
    const used = view.materials.find((m) => m.materialKey === 'business-licence')!;
    expect(used).toMatchObject({ source: 'certificate', trustLevel: 'A', fileIds: [], consent: { kind: 'replace' }, replacement: { kind: 'certificate', identifier } });
    // The certificate it rests on is the one anyone can verify.
    await licenceRow.getByRole('link', { name: '核验证照' }).click();
    await expect(page).toHaveURL(new RegExp(`/verify/${used.replacement!.certificateId}$`));
    await shoot('verify-used-certificate');

    // ---- English
    await page.goto(`/my/cases/${caseId}`);
    await page.getByText('English', { exact: true }).click();
    await expect(page.getByTestId('case-materials').locator('li', { has: page.getByText('Business licence', { exact: true }) }).getByTestId('trust-level')).toContainText('Level A');
    await shoot('case-level-a-en-US');
    await page.getByText('中文', { exact: true }).click();
  });

  test('at the window: the clerk sees every material\'s level, and files for the company with the government\'s copy it consents to', async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const baseURL = testInfo.project.use.baseURL!;
    const company = await signedInPage(browser, baseURL, 'tianshan.food');
    const creditCode = ((await (await company.request.get('/api/v1/auth/me')).json()) as { creditCode: string }).creditCode;
    await company.context().close();
    const page = await signedInPage(browser, baseURL, 'clerk.changji');
    await expect(page).toHaveURL(/\/hall\/desk$/);

    // ---- the intake inbox: the online application, each material with its level and what it was made from
    expect(filedOnline, 'the company filed online first').toBeTruthy();
    // Straight after signing in the desk may still be mounting its shortcuts: press until the inbox is shown.
    await expect(async () => {
      await page.keyboard.press('Alt+2');
      await expect(page.getByRole('tab', { name: /待受理/ })).toHaveAttribute('aria-selected', 'true', { timeout: 1_000 });
    }).toPass();
    const row = page.getByTestId('desk-inbox').getByRole('row', { name: new RegExp(filedOnline!.caseNumber) });
    await row.getByRole('button', { name: filedOnline!.caseNumber }).click();
    const drawer = page.getByRole('dialog');
    const summary = drawer.getByTestId('desk-case-materials');
    await expect(summary.locator('li[data-material="business-licence"]').getByTestId('trust-level')).toHaveAttribute('data-level', 'A');
    await expect(summary.locator('li[data-material="business-licence"]').getByTestId('certificate-identifier')).toBeVisible();
    await expect(summary.locator('li[data-material="application"]')).toContainText('原件待核验');
    await expect(summary.locator('li[data-material="manager-id"]').getByTestId('trust-level')).toHaveAttribute('data-level', 'D');
    await snap(page, testInfo, 'desk-01-inbox-levels');
    await page.keyboard.press('Escape');

    // ---- a walk-in filing for the company: the checklist offers the licence the library holds, with consent
    await page.keyboard.press('Alt+1');
    await page.getByLabel('搜索事项').fill('食品经营许可');
    await page.getByRole('button', { name: new RegExp(ITEM.zh) }).first().click();
    await page.getByText('法人（企业）', { exact: true }).click();
    await page.getByLabel('统一社会信用代码').fill(creditCode);
    await page.getByLabel('单位名称').fill('昌吉市天山食品有限公司');
    await page.getByRole('button', { name: /核验材料/ }).click();
    const checklist = page.getByTestId('desk-checklist');
    await expect(checklist).toContainText('政府已持有');
    await page.getByTestId('desk-consent-business-licence').click();
    for (const name of ['食品经营许可申请书', '与食品经营相适应的主要设备设施布局、操作流程等文件', '食品安全管理人员身份证明及培训考核证明']) await page.getByLabel(`已核验：${name}`).check();
    await snap(page, testInfo, 'desk-02-checklist-consent');
    await page.keyboard.press('Alt+N');
    await page.getByLabel('经营者名称').fill('昌吉市天山食品有限公司');
    await page.getByLabel('统一社会信用代码').fill('91652301MA78XKQ45D');
    await page.getByLabel('经营场所', { exact: true }).fill('新疆昌吉州昌吉市延安北路88号');
    await page.getByText('食品销售经营者', { exact: true }).click();
    await page.getByLabel('经营项目').fill('预包装食品销售');
    await page.getByLabel('经营场所面积（平方米）').fill('180');
    await page.locator('[data-field="onlineSales"]').getByText('否', { exact: true }).click();
    await page.keyboard.press('Alt+S');
    await expect(page.getByTestId('desk-decision')).toBeVisible();
    await snap(page, testInfo, 'desk-03-filed');

    // The consent is the company's, recorded by the clerk; the paper seen at the window is level B.
    const caseNumber = (await page.getByTestId('desk-summary').locator('.mono').last().textContent())!.trim();
    const found = (await (await page.request.get('/api/v1/cases', { params: { box: 'desk', q: caseNumber } })).json()) as { items: { id: string }[] };
    const view = (await (await page.request.get(`/api/v1/cases/${found.items[0]!.id}`)).json()) as { materials: (CaseMaterial & { consent: { givenBy: string; recordedBy: string } | null })[] };
    const licence = view.materials.find((m) => m.materialKey === 'business-licence')!;
    expect(licence).toMatchObject({ source: 'certificate', trustLevel: 'A', fileIds: [] });
    expect(licence.consent!.givenBy).not.toBe(licence.consent!.recordedBy);
    expect(view.materials.find((m) => m.materialKey === 'application')).toMatchObject({ source: 'paper', trustLevel: 'B' });
    await page.context().close();
  });

  for (const screen of [
    { name: 'laptop', viewport: { width: 1366, height: 800 } },
    { name: 'phone', viewport: { width: 375, height: 812 } },
  ]) {
    test(`the public list of proof items on a ${screen.name}`, async ({ page }, testInfo) => {
      await page.setViewportSize(screen.viewport);
      await page.goto('/proofs');
      await expect(page.getByRole('heading', { level: 2 })).toContainText('证明事项清单');
      const table = page.getByTestId('proofs-table');
      await expect(table).toContainText('住所（经营场所）使用证明');
      await expect(table).not.toContainText('亲属关系证明');
      const search = page.getByRole('textbox', { name: '搜索名称或编码' });
      await search.fill('无犯罪');
      await search.press('Enter');
      await expect(page.getByTestId('proof-detail-ZM652300-003')).toContainText('道路运输条例');
      await noSideScroll(page, screen.viewport.width);
      await snap(page, testInfo, `${screen.name}-proofs`);
      await search.fill('');
      await page.getByText('已取消的证明事项', { exact: true }).click();
      await expect(table).toContainText('亲属关系证明');
      await snap(page, testInfo, `${screen.name}-proofs-retired`);
    });
  }

  test('a catalog manager adds a proof item and cancels it; the public list follows', async ({ browser }, testInfo) => {
    const baseURL = testInfo.project.use.baseURL!;
    const manager = await signedInPage(browser, baseURL, 'catalog');
    await manager.goto('/admin/catalog/proof-items');
    await expect(manager.getByTestId('proof-items-admin')).toContainText('住所（经营场所）使用证明');
    const code = `ZM652300-9${String(Date.now()).slice(-4)}`;
    await manager.getByRole('button', { name: '新增证明事项' }).click();
    const dialog = manager.getByRole('dialog');
    await dialog.getByLabel('编码').fill(code);
    await dialog.getByLabel('证明名称').fill(`门牌号证明${code.slice(-4)}`);
    await dialog.getByLabel('英文名称').fill('Proof of house number');
    await dialog.getByLabel('原开具单位').click();
    await manager.keyboard.type('社区');
    await manager.keyboard.press('Enter');
    await expect(dialog).toContainText('社区（居委会）');
    await dialog.getByLabel('法律法规名称', { exact: true }).fill('《地名管理条例》');
    await dialog.getByLabel('法律法规名称（英文）').fill('Regulations on the Administration of Place Names');
    await dialog.getByLabel('条款').fill('第二十条');
    await dialog.getByLabel('可告知承诺').click();
    await snap(manager, testInfo, 'admin-proof-new');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(manager.getByText('已新增')).toBeVisible();
    await manager.getByTestId(`retire-${code}`).click();
    const retire = manager.getByRole('dialog');
    await retire.getByLabel('取消后的办理方式说明', { exact: true }).fill('已取消，由申请人书面承诺。');
    await retire.getByRole('button', { name: '确认取消' }).click();
    await expect(manager.getByText('已取消该证明事项')).toBeVisible();
    await snap(manager, testInfo, 'admin-proof-retired');
    await manager.goto(`/proofs?status=retired&q=${code}`);
    await expect(manager.getByTestId('proofs-table')).toContainText('门牌号证明');
    await manager.context().close();
  });
});
