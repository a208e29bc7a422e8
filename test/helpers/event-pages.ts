import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { heading } from './phone.ts';

/**
 * The steps the events e2e tests take in the events pages (Vietnamese): a trainer writing a
 * workshop through the form, saving and publishing it; a person registering on its public page;
 * a code typed at check-in. A changed label fails here once, not in every file.
 */

/** With the new-event form open: a workshop in Hà Nội on one day, at an invented venue. */
export async function fillWorkshop(p: Page, title: string, day: string): Promise<void> {
  await p.getByLabel('Tên sự kiện').fill(title);
  await p.getByLabel('Loại sự kiện').selectOption('workshop');
  await p.getByLabel('Ngày 1').fill(day);
  await p.getByLabel('Địa điểm (tên nơi tổ chức, địa chỉ)').fill('Phòng họp tầng 2, nhà thử nghiệm');
  await p.getByLabel('Tỉnh, thành phố').selectOption('ha-noi');
}

/** Saves the form as a draft and waits for the event's page; answers its path. */
export async function saveDraft(p: Page, title: string): Promise<string> {
  await p.getByRole('button', { name: 'Lưu bản nháp' }).click();
  await expect.poll(() => heading(p).textContent()).toBe(title);
  return new URL(p.url()).pathname;
}

/** On the event's page: publishes it and waits for the badge to say so. */
export async function publish(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Công bố sự kiện' }).click();
  await expect.poll(() => p.locator('.events-actions .badge').first().textContent()).toBe('Đã công bố');
}

/** On the event's public page: opens the registration form and gives a name and a province. */
export async function startRegistration(p: Page, name: string): Promise<void> {
  await p.getByRole('link', { name: 'Đăng ký tham dự' }).click();
  await p.getByLabel('Tên bạn muốn chúng tôi dùng').fill(name);
  await p.getByLabel('Tỉnh, thành phố').selectOption('ha-noi');
}

/** Agrees to the consent text and sends the form; answers the registration code the confirmation shows. */
export async function confirmRegistration(p: Page): Promise<string> {
  await p.getByLabel('Tôi đồng ý để thông tin trên được dùng như vậy.').check();
  await p.getByRole('button', { name: 'Gửi đăng ký' }).click();
  await expect.poll(() => heading(p).textContent()).toBe('Xác nhận đăng ký');
  const code = (await p.locator('.events-code-big').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return code;
}

/** On the check-in page: types a code (as a person might) and sends it. */
export async function typeCheckInCode(p: Page, typed: string): Promise<void> {
  await p.getByLabel('Hoặc gõ mã đăng ký').fill(typed);
  await p.getByRole('button', { name: 'Điểm danh', exact: true }).click();
}
