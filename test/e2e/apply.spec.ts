import { expect, test } from '@playwright/test';
import { fillSignIn, PDF, residentId, snap, staff, stepById } from './helpers.js';

// Applying online, the whole way, as a new applicant would: register, find the item, fill the form
// generated from its schema (an invalid value first), upload the materials, leave and come back to
// the draft, submit; answer the correction request on the case page; choose electronic delivery;
// download the certificate and rate it. Staff steps go through the API. Once on a laptop, once on
// a phone-sized screen, with a screenshot of every step.

const ITEM = { code: '01047004001', zh: '食品经营许可（新办）', query: '食品经营许可' };
const ORG = '昌吉市市场监督管理局';

interface CaseView {
  case: { id: string; caseNumber: string; status: string; version: number; certificateId: string | null; delivery: { method: string } | null; trips: number; deliveryChoice: { method: string } | null };
  allowedActions: string[];
}

for (const screen of [
  { name: 'laptop', viewport: { width: 1366, height: 800 }, seq: 101 },
  { name: 'phone', viewport: { width: 375, height: 812 }, seq: 102 },
]) {
  test.describe(`applying online on a ${screen.name}`, () => {
    test.use({ viewport: screen.viewport, ...(screen.name === 'phone' ? { isMobile: true, hasTouch: true } : {}) });

    test('a new applicant applies, corrects, chooses electronic delivery, downloads the certificate and rates it', async ({ page, browser }, testInfo) => {
      test.setTimeout(300_000);
      const baseURL = testInfo.project.use.baseURL!;
      let shot = 0;
      const shoot = async (name: string) => {
        // Nothing may scroll sideways on a phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: no horizontal scroll`).toBeLessThanOrEqual(screen.viewport.width);
        await snap(page, testInfo, `${screen.name}-${String(++shot).padStart(2, '0')}-${name}`);
      };

      // ---- a new applicant registers
      const id = residentId(screen.seq, '19900101');
      await page.goto('/register');
      await page.getByLabel('身份证号').fill(id);
      await page.getByLabel('姓名').fill(screen.name === 'phone' ? '李娜' : '王芳');
      await page.getByLabel('手机号码').fill(`1389912${String(screen.seq).padStart(4, '0')}`);
      await page.getByLabel('密码', { exact: true }).fill('Tianshan-2026');
      await page.getByLabel('确认密码').fill('Tianshan-2026');
      await shoot('register');
      await page.getByRole('button', { name: '注册并登录' }).click();
      await expect(page).toHaveURL(/\/account$/);

      // ---- finds the item by searching, reads its one-time notice, and applies online
      await page.goto('/');
      await page.getByLabel('搜索办事事项').fill(ITEM.query);
      await page.getByLabel('搜索办事事项').press('Enter');
      await expect(page).toHaveURL(/\/services\?q=/);
      await page.getByRole('link', { name: ITEM.zh, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(ITEM.zh);
      await shoot('notice');
      await page.getByTestId('apply-online').click();
      await expect(page).toHaveURL(new RegExp(`/apply/${ITEM.code}$`));
      await expect(page.getByTestId('save-state')).toContainText('选择办理地点后');
      // Several counties carry the item out: the applicant says where.
      await page.getByLabel('办理地点').click();
      await page.keyboard.type('昌吉市');
      await page.getByRole('option', { name: ORG }).click();
      await expect(page).toHaveURL(/org=652301-market/);

      // ---- the form generated from the item's schema: a value the server would refuse is refused here first
      await page.getByLabel('经营者名称').fill('昌吉市天山雪莲餐饮管理有限公司');
      await page.getByLabel('统一社会信用代码').fill('91652301MA78XKQ45D');
      await page.getByLabel('经营场所', { exact: true }).fill('新疆昌吉州昌吉市北京南路56号1层');
      await page.getByText('餐饮服务经营者', { exact: true }).click();
      await page.getByLabel('经营项目').fill('热食类食品制售；冷食类食品制售');
      const area = page.getByLabel('经营场所面积（平方米）');
      await area.fill('-5');
      await area.blur();
      await expect(page.getByText('不能小于 0')).toBeVisible();
      await shoot('form-invalid');
      // The same check in English.
      await page.getByText('English', { exact: true }).click();
      await expect(page.getByText('Must be at least 0')).toBeVisible();
      await shoot('form-invalid-en-US');
      await page.getByText('中文', { exact: true }).click();
      await expect(page.getByText('不能小于 0')).toBeVisible();
      await area.fill('260');
      await area.blur();
      await expect(page.getByText('不能小于 0')).toHaveCount(0);
      await page.locator('[data-field="onlineSales"]').getByText('否', { exact: true }).click();
      await expect(page.getByTestId('save-state')).toContainText('草稿已保存');

      // ---- materials: each uploaded with its progress, the template at hand
      const materials = ['application', 'business-licence', 'layout', 'manager-id', 'safety-rules'];
      await expect(page.getByTestId('material-application').getByRole('link', { name: '空白模板' })).toHaveAttribute('href', `/api/v1/catalog/items/${ITEM.code}/materials/application/template.pdf`);
      for (const key of materials.slice(0, 4)) {
        // Files are stored by content: each material its own scan.
        await page.getByTestId(`material-${key}`).locator('input[type=file]').setInputFiles({ name: `${key}.pdf`, mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.from(`% ${key} ${screen.name}\n`)]) });
        await expect(page.getByTestId(`material-${key}`).locator('.apply-file-done')).toHaveCount(1);
      }
      // Only PDF, JPEG and PNG: anything else is refused before it is sent.
      await page.getByTestId('material-safety-rules').locator('input[type=file]').setInputFiles({ name: 'rules.txt', mimeType: 'text/plain', buffer: Buffer.from('rules') });
      await expect(page.getByText('rules.txt：只能上传 PDF、JPG 或 PNG 文件')).toBeVisible();
      await page.getByTestId('delivery-window').click();
      await expect(page.getByTestId('save-state')).toContainText('草稿已保存');
      await shoot('form-filled');

      // ---- leaves, and comes back to the draft
      await page.goto('/my/cases');
      const draftRow = screen.name === 'phone' ? page.locator('.case-card', { hasText: ITEM.zh }) : page.getByRole('row', { name: new RegExp(ITEM.zh) });
      await expect(draftRow).toContainText('草稿');
      await shoot('my-cases-draft');
      await page.goto(`/items/${ITEM.code}`);
      await page.getByTestId('apply-online').click();
      await expect(page.getByTestId('apply-drafts')).toBeVisible();
      await shoot('draft-found');
      await page.getByRole('button', { name: '继续填写' }).click();
      await expect(page.getByLabel('经营者名称')).toHaveValue('昌吉市天山雪莲餐饮管理有限公司');
      await expect(page.getByLabel('经营场所面积（平方米）')).toHaveValue('260');
      await expect(page.getByTestId('material-layout').locator('.apply-file-done')).toContainText('layout.pdf');
      await expect(page.getByLabel('办理地点')).toBeDisabled();
      await page.getByTestId('material-safety-rules').locator('input[type=file]').setInputFiles({ name: 'safety-rules.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.from(`% rules ${screen.name}\n`)]) });
      await expect(page.getByTestId('material-safety-rules').locator('.apply-file-done')).toHaveCount(1);
      await shoot('draft-resumed');
      await page.getByTestId('apply-submit').click();
      await expect(page).toHaveURL(/\/my\/cases\/[0-9a-f-]{36}$/);
      const caseId = page.url().split('/').pop()!;
      await expect(page.getByTestId('case-status')).toContainText('已提交');
      await expect(page.getByTestId('case-next')).toContainText('等待受理');
      await shoot('submitted');

      // ---- the Changji City clerk asks for everything missing at once
      const clerk = await staff(browser, baseURL, 'clerk.changji');
      await stepById<CaseView>(clerk, caseId, 'request-correction', { items: [{ materialKey: 'layout', note: '布局图不清晰，请重新上传清晰的扫描件' }, { note: '经营场所面积与租赁合同不一致，请核对后修改' }] });

      // ---- the applicant answers it right on the case page
      await page.reload();
      const next = page.getByTestId('case-next');
      await expect(next).toContainText('请补正材料后重新提交');
      await expect(next).toContainText('布局图不清晰');
      await expect(next).toContainText('经营场所面积与租赁合同不一致');
      await shoot('correction-requested');
      await page.getByTestId('case-resubmit').click();
      await expect(page.getByTestId('material-layout')).toContainText('请重新上传');
      await page.getByTestId('material-layout').locator('input[type=file]').setInputFiles({ name: 'layout-clear.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.from(`% clear scan ${screen.name}\n`)]) });
      await expect(page.getByTestId('material-layout').locator('.apply-file-done')).toHaveCount(1);
      await page.getByLabel('经营场所面积（平方米）').fill('250');
      await shoot('correction-answered');
      await page.getByTestId('case-resubmit').click();
      await expect(page.getByTestId('case-status')).toContainText('已提交');
      await expect(page.getByTestId('case-history')).toContainText('补正后重新提交');

      // ---- accepted, decided and issued (staff, through the API)
      await stepById<CaseView>(clerk, caseId, 'accept');
      const head = await staff(browser, baseURL, 'head.changji.market');
      await stepById<CaseView>(head, caseId, 'start-review');
      await stepById<CaseView>(head, caseId, 'decide', { outcome: 'approve', reasons: '经审查，申请材料齐全，符合法定条件，准予许可。' });
      const issued = await stepById<CaseView>(head, caseId, 'issue', { validYears: 5 });
      expect(issued.case.deliveryChoice?.method).toBe('window');

      // ---- the applicant changes the delivery to electronic: no trip to collect it
      await page.reload();
      const delivery = page.getByTestId('case-delivery-choice');
      await expect(delivery).toContainText('窗口领取');
      await delivery.getByRole('button', { name: '修改' }).click();
      await delivery.getByTestId('delivery-electronic').click();
      await shoot('delivery-choice');
      await delivery.getByTestId('delivery-save').click();
      await expect(delivery.getByTestId('delivery-chosen')).toContainText('电子送达');
      // Staff deliver as the applicant chose, without saying how.
      const delivered = await stepById<CaseView>(head, caseId, 'deliver');
      expect(delivered.case.delivery?.method).toBe('electronic');
      expect(delivered.case.trips).toBe(0);

      // ---- downloads the certificate and rates the service: 2 (不满意), saying what went wrong
      await page.reload();
      await expect(page.getByTestId('case-status')).toContainText('已送达');
      await expect(page.getByTestId('case-trips')).toContainText('零跑动');
      await expect(next).toContainText('请评价本次服务');
      const download = next.getByRole('link', { name: '下载证照' });
      await expect(download).toHaveAttribute('href', `/api/v1/cases/${caseId}/documents/certificate.pdf`);
      const pdf = await page.request.get((await download.getAttribute('href'))!);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await shoot('delivered');
      const rating = page.getByTestId('case-rating');
      await rating.getByText('不满意', { exact: true }).click();
      await rating.getByRole('button', { name: '提交评价' }).click();
      await expect(rating.getByText('请至少选择一项')).toBeVisible();
      await rating.getByText('办理时间长').click();
      await rating.getByLabel('意见建议（选填）').fill('补正来回一次，希望一次说清楚');
      await shoot('rating');
      await rating.getByRole('button', { name: '提交评价' }).click();
      await expect(page.getByTestId('case-rated')).toContainText('您的评价：不满意');
      await expect(page.getByTestId('case-rated')).toContainText('办理时间长');
      await expect(next).toContainText('电子证照已签发');
      await shoot('rated');

      // ---- a second application: the business licence checked on this case is offered instead of a new upload
      await page.goto(`/apply/${ITEM.code}?org=652301-market`);
      const licence = page.getByTestId('material-business-licence');
      await licence.getByRole('button', { name: /使用以前提交过的/ }).click();
      const picker = page.getByRole('dialog');
      await expect(picker).toContainText(ITEM.zh);
      await shoot('reuse-offered');
      await picker.getByRole('button', { name: '使用', exact: true }).click();
      await expect(licence.locator('.apply-file-done')).toContainText('business-licence.pdf');
      await expect(licence.locator('.apply-file-done')).toContainText('沿用办件');
      await expect(page.getByTestId('save-state')).toContainText('草稿已保存');
      await shoot('reuse-picked');
      // Not wanted after all: the draft is discarded.
      await page.getByRole('button', { name: '放弃草稿' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '放弃草稿' }).click();
      await expect(page).toHaveURL(new RegExp(`/items/${ITEM.code}$`));
      await page.goto(`/my/cases/${caseId}`);

      // ---- the same page in English
      await page.getByText('English', { exact: true }).click();
      await expect(page.getByTestId('case-status')).toContainText('Delivered');
      await expect(page.getByTestId('case-delivery-choice')).toHaveCount(0);
      await shoot('rated-en-US');
      await page.getByText('中文', { exact: true }).click();
    });
  });
}

test('applying needs a sign-in and an applicant account', async ({ page }) => {
  await page.goto(`/apply/${ITEM.code}`);
  await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fapply%2F${ITEM.code}$`));
  await fillSignIn(page, 'clerk.changji');
  await expect(page).toHaveURL(new RegExp(`/apply/${ITEM.code}$`));
  await expect(page.getByText('请使用申请人账号申报')).toBeVisible();
});

test('the app is installable: a manifest, and a service worker that caches the shell but never the API', async ({ page }, testInfo) => {
  const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as { short_name: string; start_url: string; display: string; theme_color: string; icons: { purpose?: string }[] };
  expect(manifest).toMatchObject({ short_name: '一次办', start_url: '/', display: 'standalone', theme_color: '#1677ff' });
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);

  await page.goto('/');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(`${testInfo.project.use.baseURL}/`);
  // With the worker in control, pages that call the API: none of their answers may be kept.
  await page.reload();
  await page.goto('/services?q=营业执照');
  await expect(page.getByRole('link', { name: '有限责任公司设立登记', exact: true })).toBeVisible();
  const cached = await page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
    return paths;
  });
  expect(cached).toContain('/');
  expect(cached.some((p) => p.startsWith('/assets/'))).toBe(true);
  expect(cached.filter((p) => p.startsWith('/api/'))).toEqual([]);
});
