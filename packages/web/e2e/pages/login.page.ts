import type { Page } from 'playwright-core';

/** The sign-in page, as a user sees it. */
export class LoginPage {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/`);
    await this.page.getByTestId('login-form').waitFor();
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.locator('input[name=username]').fill(username);
    await this.page.locator('input[name=password]').fill(password);
    await this.page.locator('button[type=submit]').click();
  }

  /** The error shown under the form after a failed sign-in. */
  async errorText(): Promise<string> {
    const el = this.page.getByTestId('form-error');
    await el.waitFor();
    return (await el.textContent()) ?? '';
  }

  /** The form a one-time password leads to. */
  async changePassword(current: string, next: string, confirm: string): Promise<void> {
    const form = this.page.getByTestId('password-form');
    await form.waitFor();
    await form.locator('input[name=currentPassword]').fill(current);
    await form.locator('input[name=newPassword]').fill(next);
    await form.locator('input[name=confirmPassword]').fill(confirm);
    await form.locator('button[type=submit]').click();
  }
}
