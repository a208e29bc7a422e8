import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RUBRIC } from '../../src/core/training/pathway.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { Client, seedOrg, startTestApp, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import * as onPhone from '../helpers/phone.ts';

/**
 * Issue #7 §3 in a real browser, on a phone, in Vietnamese: a certified trainer opens the pathway
 * from the home page, sees why a peer educator cannot be promoted yet, scores an observed session
 * on the rubric, and approves the promotion the page now allows; the stage and the audit log say so.
 * All invented.
 */
describe('the train-the-trainer pathway', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let org: SeededOrg;

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedOrg(t, 'community_organisation', ['admin', 'trainer', 'fieldworker']);
    await asSystem(t.ctx.db.kysely, (tx) => tx.insertInto('pathway_stages').values({ org_id: org.orgId, user_id: org.users.trainer!.userId, stage: 'certified_trainer', since: new Date() }).execute());
    const admin = new Client(t.baseUrl);
    await admin.login(org.users.admin!.username, org.users.admin!.password);
    const none = { coursesRequired: [], minCoFacilitatedSessions: 0, observedSession: null };
    await admin.request('PUT', `/api/organisations/${org.orgId}/pathway/requirements`, { version: null, requirements: { trainer_candidate: none, co_facilitator: { ...none, observedSession: { minMeanScore: 4 } }, certified_trainer: none } });
    const first = await admin.post(`/api/organisations/${org.orgId}/pathway/people/${org.users.fieldworker!.userId}/promotions`, { from: 'participant', to: 'trainer_candidate' });
    expect(first.status).toBe(200);
    browser = await launchBrowser();
    page = await (await browser.newContext(onPhone.PHONE)).newPage();
    watch = watchPage(page);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('pathway', task, { phone: page }));

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    web?.remove();
  });

  it('a certified trainer scores an observed session and then approves the promotion it allows', async () => {
    await page.goto(t.baseUrl + '/');
    await onPhone.logIn(page, org.users.trainer!.username, org.users.trainer!.password);
    await page.getByRole('link', { name: /Lộ trình giảng viên/ }).click();
    await expect.poll(() => onPhone.heading(page).textContent()).toBe('Lộ trình đào tạo giảng viên');
    await page.getByRole('link', { name: new RegExp(org.users.fieldworker!.username) }).click();
    await page.locator('#pathway-progress').waitFor();
    await expect.poll(() => page.locator('#pathway-progress').textContent()).toContain('Ứng viên giảng viên');

    const promote = page.getByRole('button', { name: 'Chuyển lên Đồng điều phối viên' });
    await expect.poll(() => promote.isDisabled()).toBe(true);
    await expect.poll(() => page.locator('#pathway-promote-why').textContent()).toContain('Cần một buổi được giảng viên được chứng nhận quan sát và chấm điểm trung bình từ 4 trở lên.');

    await page.getByText('Buổi khác (ghi vài chữ)').click();
    await page.getByLabel('Mô tả ngắn buổi đã quan sát').fill('Buổi nhóm cân nhắc ở Hà Đông');
    for (const [i, item] of RUBRIC.entries()) await page.locator(`label.answer:has(input[name=score-${item.id}][value="${i === 0 ? 5 : 4}"])`).click();
    await expect.poll(() => page.getByText('Điểm trung bình: 4,2').count()).toBe(1);
    await page.getByRole('button', { name: 'Lưu buổi quan sát' }).click();
    await page.getByText('Đã lưu buổi quan sát.').waitFor();

    await expect.poll(() => promote.isDisabled()).toBe(false);
    await promote.click();
    await page.getByRole('button', { name: 'Duyệt chuyển bậc' }).click();
    await expect.poll(() => page.locator('#pathway-progress').textContent()).toContain('Bậc hiện tại: Đồng điều phối viên');
    onPhone.expectCleanPage(watch, 'pathway');

    const audit = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('audit_log').select(['action', 'actor_user_id']).where('org_id', '=', org.orgId).where('action', 'like', 'pathway.%').orderBy('seq').execute());
    expect(audit.map((a) => a.action)).toEqual(['pathway.requirements.set', 'pathway.promote', 'pathway.observe', 'pathway.promote']);
    expect(audit.at(-1)!.actor_user_id).toBe(org.users.trainer!.userId);
    const stage = await asSystem(t.ctx.db.kysely, (tx) => tx.selectFrom('pathway_stages').select('stage').where('user_id', '=', org.users.fieldworker!.userId).executeTakeFirstOrThrow());
    expect(stage.stage).toBe('co_facilitator');
  });
});
