import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Lang } from '../../src/core/i18n/index.ts';
import { LANGS } from '../../src/core/users/schema.ts';
import { SESSION_COOKIE } from '../../src/server/auth/routes.ts';
import type { Config } from '../../src/server/config.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from './app.ts';
import { buildWebApp, launchBrowser, watchPage } from './browser.ts';

/**
 * What the screenshot scripts (test/e2e/screenshots*.ts) share: each takes pictures of its screens
 * in every language on a phone and on a desktop, for people to look at. A script keeps its own
 * invented data and its own screens; this module starts the server and the browser, logs people in
 * and takes the pictures, so that every script photographs the same sizes in the same way.
 */

/** A small phone held upright, where most field work happens, and an ordinary office laptop. */
export const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;

/** The PIN a worker chooses on their first visit to the field app in a fresh browser. */
export const PIN = '274915';

export { SESSION_COOKIE };

/** One language on one screen size: the browser, the server, and the folder its pictures go to. */
export interface Pass {
  browser: Browser;
  t: TestApp;
  lang: Lang;
  viewport: (typeof VIEWPORTS)[number];
  dir: string;
}

/**
 * A JSON request to the server under test, as someone holding `cookie`. Seeding goes through the
 * API, so it throws on any error answer: a picture of a half-seeded world is worse than none.
 */
export async function call(t: TestApp, method: string, url: string, body?: unknown, cookie?: string): Promise<{ status: number; body: any; cookie?: string }> {
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = `${SESSION_COOKIE}=${cookie}`;
  const res = await fetch(t.baseUrl + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const set = res.headers.get('set-cookie')?.match(new RegExp(`${SESSION_COOKIE}=([^;]*)`))?.[1];
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return { status: res.status, body: text ? JSON.parse(text) : null, cookie: set || undefined };
}

/** Logs in through the API and returns the session cookie, which a browser then borrows (see openAs). */
export async function login(t: TestApp, username: string, password = TEST_PASSWORD): Promise<string> {
  return (await call(t, 'POST', '/api/auth/login', { username, password })).cookie!;
}

/**
 * A fresh browser context for the pass, already in its language and, given a cookie, logged in as
 * that person. The person's own language is set too, because the app prefers it to the browser's
 * once someone is logged in. Problems in the page are printed when it closes, so a picture of a
 * broken screen does not go unnoticed; the ones a script causes on purpose by going offline are left out.
 */
export async function openAs(pass: Pass, cookie: string | null): Promise<Page> {
  const context = await pass.browser.newContext({ viewport: pass.viewport, deviceScaleFactor: 1, acceptDownloads: true });
  await context.addInitScript(`localStorage.setItem('fieldlab.lang', ${JSON.stringify(pass.lang)})`);
  if (cookie) {
    await call(pass.t, 'PATCH', '/api/me', { lang: pass.lang }, cookie);
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: pass.t.baseUrl }]);
  }
  const page = await context.newPage();
  const watch = watchPage(page);
  page.on('close', () => {
    const problems = watch.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'));
    if (problems.length) console.warn(`  problems: ${problems.join(' | ')}`);
  });
  return page;
}

/**
 * Waits until the page has stopped loading. An offline page, or one that keeps polling, may never
 * reach "network idle"; the missing spinner is what says the screen is drawn.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForFunction(() => !document.querySelector('.loading'));
}

/** A full-page picture of the screen once it has settled, as <pass folder>/<name>.png. */
export async function shot(pass: Pass, page: Page, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: path.join(pass.dir, `${name}.png`), fullPage: true });
}

/**
 * Moves to another screen the way a link in the app does, without reloading: a reload would lose
 * an offline page, and with it the waiting work the picture is meant to show.
 */
export async function go(page: Page, route: string): Promise<void> {
  await page.evaluate((r) => {
    history.pushState(null, '', r);
    dispatchEvent(new PopStateEvent('popstate'));
  }, route);
  await settle(page);
}

/**
 * Chooses the PIN on a first visit to /field and waits for the first sync to finish (the time of
 * the last sync appears), so the pictures that follow show the person's data and not an empty phone.
 */
export async function choosePin(page: Page): Promise<void> {
  await page.locator('#field-pin').fill(PIN);
  await page.locator('#field-pinAgain').fill(PIN);
  await page.locator('form button[type=submit]').click();
  await page.waitForFunction(() => /[0-9]/.test(document.querySelector('.sync-last')?.textContent ?? ''));
}

/**
 * A worker's phone opened at /field on its first visit: logged in, the PIN chosen, the first sync
 * done, and the service worker installed (the app's files on the phone), so a script may go
 * offline next: on a loaded machine the precache is not finished by the first sync.
 */
export async function openField(pass: Pass, cookie: string): Promise<Page> {
  const page = await openAs(pass, cookie);
  await page.goto(pass.t.baseUrl + '/field');
  await choosePin(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  return page;
}

/** Field workers are asked for a PIN at their first login on a device; the office screens skip it. */
export async function skipPinPrompt(page: Page): Promise<void> {
  const later = page.locator('.pin-later');
  if (await later.count()) {
    await later.click();
    await settle(page);
  }
}

export interface ScreenshotRun<World> {
  /** Where the pictures go; emptied first, so nothing stale from an earlier run is left to look at. */
  out: string;
  /** Server settings beyond the defaults (the web app it serves is always a fresh build). */
  app?: Partial<Config>;
  /** Screens that exist only before seeding (the setup page), taken once per pass. */
  beforeSeed?: (pass: Pass) => Promise<void>;
  /** The invented world every pass photographs. */
  seed: (t: TestApp) => Promise<World>;
  /** The screens of one pass. */
  screens: (pass: Pass, world: World) => Promise<void>;
}

/**
 * Builds the web app, starts the real server on a fresh in-memory PGlite, launches Debian's
 * Chromium, seeds once and takes the screens for every language on every viewport, into
 * <out>/<lang>-<width>/. One server for all passes keeps a run to a few minutes, so a pass must
 * leave the world as the next pass expects it.
 */
export async function takeScreenshots<World>(run: ScreenshotRun<World>): Promise<void> {
  const out = path.resolve(run.out);
  const web = await buildWebApp();
  const t = await startTestApp('pglite', { ...run.app, webDir: web.dir });
  const browser = await launchBrowser();
  try {
    const passes: Pass[] = LANGS.flatMap((lang) => VIEWPORTS.map((viewport) => ({ browser, t, lang, viewport, dir: path.join(out, `${lang}-${viewport.width}`) })));
    // Only this run's own folders are emptied: the main run writes beside the crisis, screening and referral folders.
    for (const pass of passes) {
      rmSync(pass.dir, { recursive: true, force: true });
      mkdirSync(pass.dir, { recursive: true });
    }
    if (run.beforeSeed) for (const pass of passes) await run.beforeSeed(pass);
    const world = await run.seed(t);
    for (const pass of passes) {
      console.log(`${pass.lang} ${pass.viewport.width}×${pass.viewport.height}`);
      await run.screens(pass, world);
    }
    console.log(`screenshots in ${out}`);
  } finally {
    await browser.close();
    await t.close();
    web.remove();
  }
}
