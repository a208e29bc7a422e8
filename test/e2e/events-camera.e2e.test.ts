import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newRegistrationCode } from '../../src/core/training/events.ts';
import { loggedIn, seedOrg, startTestApp, type Client, type SeededOrg, type TestApp } from '../helpers/app.ts';
import { buildWebApp, launchBrowser, watchPage } from '../helpers/browser.ts';
import { seedEvent, today } from '../helpers/courses.ts';
import { fakeCameraArgs, qrLumaPlane, writeQrY4m } from '../helpers/fake-camera.ts';
import * as onPhone from '../helpers/phone.ts';

/**
 * Check-in by camera, in a real browser. Chromium's fake camera plays a Y4M file made here from
 * the QR code of a registration code (the encoder and settings the confirmation page draws with);
 * the trainer taps "scan" on the check-in page and the scanner (getUserMedia, then jsQR on the
 * video's frames: desktop Chromium has no BarcodeDetector) reads it. The fake camera's file is
 * one per browser process, not per context, so the unknown code is shown by a second browser.
 * All invented.
 */
const PERSON = 'Bạn Sương (thử)';
const PRESENT = 'Có mặt ✓';
const ALREADY = 'Đã điểm danh rồi';
const NOT_REGISTERED = 'Chưa đăng ký';

describe('check-in by scanning the QR code with the camera', () => {
  let web: Awaited<ReturnType<typeof buildWebApp>>;
  let t: TestApp;
  let org: SeededOrg;
  let trainer: Client;
  let dir = '';
  let eventId = '';
  let registrationId = '';
  let code = '';
  let unknown = '';
  const browsers: Browser[] = [];
  let page: Page | undefined;
  let answers: string[] = [];
  let watch: ReturnType<typeof watchPage> | undefined;
  let strangerPage: Page | undefined;
  const day = today();

  /** A browser whose camera shows `y4m`, a context allowed the camera, the trainer logged in, at check-in with the camera on. */
  async function scanWith(y4m: string): Promise<{ p: Page; watch: ReturnType<typeof watchPage>; answers: string[] }> {
    const browser = await launchBrowser({ args: fakeCameraArgs(y4m) });
    browsers.push(browser);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    await context.grantPermissions(['camera'], { origin: t.baseUrl });
    // Every answer word the page showed, in order, however briefly (the scanner may replace "present" with "already present" 3 s later).
    await context.addInitScript(() => {
      const shown: string[] = ((window as unknown as { shownResults: string[] }).shownResults = []);
      new MutationObserver(() => {
        const word = document.querySelector('.events-result-word')?.textContent ?? '';
        if (word && shown.at(-1) !== word) shown.push(word);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const p = await context.newPage();
    const watch = watchPage(p);
    // Every answer check-in gave this page, in order: the scanner may read a code more than once.
    const answers: string[] = [];
    p.on('response', (res) => {
      if (!res.url().endsWith('/check-in') || res.request().method() !== 'POST') return;
      void res.json().then(
        (body: { result?: string; code?: string }) => answers.push(body.result ?? body.code ?? String(res.status())),
        () => answers.push(String(res.status())),
      );
    });
    await p.goto(t.baseUrl + '/');
    await onPhone.logIn(p, org.users.trainer!.username, org.users.trainer!.password);
    await p.getByRole('link', { name: /Tập huấn/ }).waitFor();
    await p.goto(`${t.baseUrl}/organisations/${org.orgId}/events/${eventId}/check-in`);
    await expect.poll(() => onPhone.heading(p).textContent()).toBe('Điểm danh');
    await expect.poll(() => p.getByRole('radio', { checked: true }).getAttribute('value')).toBe(day);
    await p.getByRole('button', { name: 'Quét mã QR bằng máy ảnh' }).click();
    await expect.poll(() => p.getByRole('button', { name: 'Tắt máy ảnh' }).count(), { timeout: 30_000 }).toBe(1);
    return { p, watch, answers };
  }

  const shown = (p: Page) => p.evaluate(() => (window as unknown as { shownResults: string[] }).shownResults);

  const presentToday = async () => {
    const sheet = await trainer.get(`/api/organisations/${org.orgId}/events/${eventId}/attendance`);
    expect(sheet.status).toBe(200);
    return (sheet.body as { days: { day: string; present: { registrationId: string; displayName: string }[] }[] }).days.find((d) => d.day === day)!.present;
  };

  beforeAll(async () => {
    web = await buildWebApp();
    t = await startTestApp('pglite', { webDir: web.dir });
    org = await seedOrg(t, 'community_organisation', ['trainer']);
    trainer = await loggedIn(t, org, 'trainer');
    ({ eventId } = await seedEvent(t, { orgId: org.orgId, userId: org.users.trainer!.userId }, { days: [day], names: [], title: 'Tập huấn điểm danh bằng máy ảnh (thử)' }));
    // Registered at the desk: the answer carries the code once (the server keeps only its hash).
    const made = await trainer.post(`/api/organisations/${org.orgId}/events/${eventId}/registrations`, { displayName: PERSON, provinceId: 'ha-noi', consent: true });
    expect(made.status).toBe(201);
    ({ id: registrationId, code } = made.body as { id: string; code: string });
    do unknown = newRegistrationCode((n) => randomBytes(n));
    while (unknown === code);
    dir = mkdtempSync(path.join(tmpdir(), 'fieldlab-camera-'));
    writeQrY4m(path.join(dir, 'registered.y4m'), code);
    writeQrY4m(path.join(dir, 'unknown.y4m'), unknown);
  });

  afterEach(({ task }) => onPhone.saveFailureShots('events-camera', task, { trainer: page, stranger: strangerPage }));

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await t?.close();
    web?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the frame the camera will show holds the code, as jsQR reads it', () => {
    const [width, height] = [640, 480];
    const luma = qrLumaPlane(code, { width, height });
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < luma.length; i++) rgba.fill(luma[i]!, i * 4, i * 4 + 3), (rgba[i * 4 + 3] = 255);
    expect(jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' })?.data).toBe(code);
  });

  it('the trainer scans the QR code: present, and the attendance sheet agrees', async () => {
    const s = await scanWith(path.join(dir, 'registered.y4m'));
    ({ p: page, answers, watch } = s);
    const p = s.p;
    await expect.poll(() => answers[0], { timeout: 30_000 }).toBe('present');
    // The scanner reads the code still in view again after 3 s ("already present"): the first answer is on screen until then.
    await expect.poll(() => shown(p)).toContain(PRESENT);
    expect((await shown(p))[0]).toBe(PRESENT);
    expect(await p.locator('.events-result-name').textContent()).toBe(PERSON);
    expect(await p.locator('.events-result .events-code').textContent()).toBe(code);
    await expect.poll(() => p.getByText('Đã điểm danh 1 người trên máy này.').count()).toBe(1);
    expect((await presentToday()).map((r) => [r.registrationId, r.displayName])).toEqual([[registrationId, PERSON]]);

    await p.goto(`${t.baseUrl}/organisations/${org.orgId}/events/${eventId}/registrations`);
    await expect.poll(() => p.locator('.events-sheet summary').first().textContent()).toContain('1');
    await p.locator('.events-sheet summary').first().click();
    await expect.poll(() => p.locator('.events-sheet li').allTextContents()).toEqual([PERSON]);
    onPhone.expectCleanPage(s.watch, 'trainer: camera check-in');
  });

  it('the same code scanned again says already present, and nobody is counted twice', async () => {
    const p = page!;
    // The code still in view is read again (at most every 3 s): already present.
    await p.goto(`${t.baseUrl}/organisations/${org.orgId}/events/${eventId}/check-in`);
    await expect.poll(() => onPhone.heading(p).textContent()).toBe('Điểm danh');
    const seen = answers.length;
    await p.getByRole('button', { name: 'Quét mã QR bằng máy ảnh' }).click();
    await expect.poll(() => p.locator('.events-result-word').textContent(), { timeout: 30_000 }).toBe(ALREADY);
    expect(await p.locator('.events-result-name').textContent()).toBe(PERSON);
    await expect.poll(() => answers.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(seen + 2);
    // The camera stopped and started again reads it again, as a new scan.
    await p.getByRole('button', { name: 'Tắt máy ảnh' }).click();
    await expect.poll(() => p.getByRole('button', { name: 'Quét mã QR bằng máy ảnh' }).count()).toBe(1);
    const again = answers.length;
    await p.getByRole('button', { name: 'Quét mã QR bằng máy ảnh' }).click();
    await expect.poll(() => answers.length, { timeout: 30_000 }).toBeGreaterThan(again);
    expect(new Set(answers.slice(1))).toEqual(new Set(['already_present']));
    expect(await p.getByText('Đã điểm danh 0 người trên máy này.').count()).toBe(1);
    expect((await presentToday()).map((r) => r.registrationId)).toEqual([registrationId]);
    await p.getByRole('button', { name: 'Tắt máy ảnh' }).click();
    onPhone.expectCleanPage(watch!, 'trainer: camera scans again');
  });

  it('a camera stopped, or a page left, while it is still starting does not stay on', async () => {
    const browser = await launchBrowser({ args: fakeCameraArgs(path.join(dir, 'unknown.y4m')) });
    browsers.push(browser);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    await context.grantPermissions(['camera'], { origin: t.baseUrl });
    // A slow camera (1.5 s to open, as on a cheap phone), and every stream it gave, to look at its tracks.
    await context.addInitScript(() => {
      const streams: MediaStream[] = ((window as unknown as { cameraStreams: MediaStream[] }).cameraStreams = []);
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await open(constraints);
        streams.push(stream);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        return stream;
      };
    });
    const p = await context.newPage();
    const before = (await presentToday()).map((r) => r.registrationId);
    const liveTracks = () => p.evaluate(() => (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.flatMap((s) => s.getTracks()).filter((k) => k.readyState === 'live').length);
    const opened = () => p.evaluate(() => (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.length);
    await p.goto(t.baseUrl + '/');
    await onPhone.logIn(p, org.users.trainer!.username, org.users.trainer!.password);
    await p.getByRole('link', { name: /Tập huấn/ }).waitFor();
    await p.goto(`${t.baseUrl}/organisations/${org.orgId}/events/${eventId}/check-in`);
    await expect.poll(() => onPhone.heading(p).textContent()).toBe('Điểm danh');

    // Stopped while starting: the button says it is opening; tapping it stops.
    await p.getByRole('button', { name: 'Quét mã QR bằng máy ảnh' }).click();
    await p.getByRole('button', { name: 'Đang mở máy ảnh…' }).click();
    await expect.poll(opened, { timeout: 30_000 }).toBe(1);
    await expect.poll(liveTracks, { timeout: 30_000 }).toBe(0);
    await expect.poll(() => p.getByRole('button', { name: 'Quét mã QR bằng máy ảnh' }).count()).toBe(1);

    // The page left while starting (in the app, without reloading): the camera is off as well.
    await p.getByRole('button', { name: 'Quét mã QR bằng máy ảnh' }).click();
    await p.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/organisations/${org.orgId}/events/${eventId}`);
    await expect.poll(opened, { timeout: 30_000 }).toBe(2);
    await expect.poll(liveTracks, { timeout: 30_000 }).toBe(0);
    // Nothing was checked in meanwhile.
    expect((await presentToday()).map((r) => r.registrationId)).toEqual(before);
  });

  it('a well-formed code nobody registered, in front of another camera, says not registered', async () => {
    const s = await scanWith(path.join(dir, 'unknown.y4m'));
    strangerPage = s.p;
    await expect.poll(() => s.answers[0], { timeout: 30_000 }).toBe('CHECKIN_NOT_REGISTERED');
    await expect.poll(() => s.p.locator('.events-result-word').textContent()).toBe(NOT_REGISTERED);
    expect(await s.p.locator('.events-result-no').getAttribute('role')).toBe('alert');
    expect((await presentToday()).map((r) => r.registrationId)).toEqual([registrationId]);
    // The 404 of the refused code is the answer meant; nothing else went wrong.
    onPhone.expectCleanPage(s.watch, 'trainer: unknown code by camera');
  });
});
