import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { watchPage } from './browser.ts';

/**
 * The steps every field e2e test takes on a peer worker's phone (a 360×740 Chromium in
 * Vietnamese): logging in, the first PIN, unlocking, and checking the page stayed clean. The
 * texts are the Vietnamese ones a worker sees, so a changed label fails here once, not in every file.
 */
export const PHONE = { viewport: { width: 360, height: 740 }, locale: 'vi-VN' } as const;

export const heading = (p: Page) => p.getByRole('heading', { level: 1 });
export const syncLine = (p: Page) => p.locator('.sync-pending');
export const fieldNav = (p: Page) => p.getByRole('navigation').getByRole('link', { name: /^Thực địa/ });

export async function logIn(p: Page, username: string, password: string): Promise<void> {
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
}

/**
 * From the start page: logs in and opens the home card named `card`. A manager may be offered a
 * PIN for field work first: 'later'.
 */
export async function logInAndOpen(p: Page, baseUrl: string, username: string, password: string, card: RegExp): Promise<void> {
  await p.goto(baseUrl + '/');
  await logIn(p, username, password);
  const link = p.getByRole('link', { name: card }).first();
  await p.locator('.pin-later').or(link).first().waitFor();
  if (await p.locator('.pin-later').count()) await p.locator('.pin-later').click();
  await link.click();
}

/** The first PIN on this phone, asked right after the first login. */
export async function setPin(p: Page, pin: string): Promise<void> {
  await expect.poll(() => heading(p).textContent()).toBe('Đặt mã PIN cho máy này');
  await p.getByLabel('Mã PIN mới').fill(pin);
  await p.getByLabel('Nhập lại mã PIN').fill(pin);
  await p.getByRole('button', { name: 'Đặt mã PIN' }).click();
}

export async function unlock(p: Page, pin: string): Promise<void> {
  await expect.poll(() => heading(p).textContent()).toBe('Mở khoá Fieldlab');
  await p.getByLabel('Mã PIN', { exact: true }).fill(pin);
  await p.getByRole('button', { name: 'Mở khoá' }).click();
}

/** No uncaught error, console error, CSP violation or 5xx since the last check; a request refused while offline is expected. */
export function expectCleanPage(watch: ReturnType<typeof watchPage>, where: string): void {
  expect(
    watch.take().filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED')),
    where,
  ).toEqual([]);
}

/** After a failed step, what each page showed, in test-results/, to see why. */
export async function saveFailureShots(prefix: string, task: { name: string; result?: { state?: string } }, pages: Record<string, Page | undefined>): Promise<void> {
  if (task.result?.state !== 'fail') return;
  mkdirSync('test-results', { recursive: true });
  const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  for (const [which, page] of Object.entries(pages)) await page?.screenshot({ path: `test-results/${prefix}-${name}-${which}.png`, fullPage: true });
}
