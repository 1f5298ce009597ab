import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../test/helpers.ts';
import {
  accessibilityProblems,
  browserTestsRunnable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  signIn,
} from './harness.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
let riley: { id: string; email: string; password: string };
let caseyId: string;
let customerId: string;
const admin = { email: 'ada@example.com', password: '' };

async function named(id: string, name: string) {
  await t.ctx.db.updateTable('staff').set({ name }).where('id', '=', id).execute();
}

const staffRow = (name: string) =>
  page.getByRole('table', { name: 'Staff' }).getByRole('row').filter({ hasText: name });

async function manage(name: string, action: string) {
  await staffRow(name)
    .getByRole('button', { name: `Actions for ${name}` })
    .click();
  await page.getByRole('menuitem', { name: action }).click();
}

describe.runIf(browserTestsRunnable)('managing staff in the web UI', () => {
  beforeAll(async () => {
    const [app] = await Promise.all([startTestApp(), ensureWebBuilt()]);
    t = app;
    const a = await createStaffUser(t.ctx, 'admin', admin.email);
    admin.password = a.password;
    await named(a.staff.id, 'Ada Admin');
    const r = await createStaffUser(t.ctx, 'agent', 'riley@example.com');
    await named(r.staff.id, 'Riley Rep');
    riley = { id: r.staff.id, email: r.staff.email, password: r.password };
    const c = await createStaffUser(t.ctx, 'agent', 'casey@example.com');
    await named(c.staff.id, 'Casey Colleague');
    caseyId = c.staff.id;
    customerId = (
      await (
        await t.api('/api/v1/customers', { method: 'POST', json: { name: 'Acme Ltd', ownerId: riley.id } })
      ).json()
    ).id;
    browser = await launchChromium();
    page = await openPage(browser);
    await page.goto(`${t.url}/settings/staff`);
    await signIn(page, admin.email, admin.password);
    await staffRow('Riley Rep').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("changes someone's role", async () => {
    await manage('Riley Rep', 'Change role');
    const dialog = page.getByRole('dialog', { name: "Change Riley Rep's role" });
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Manager' }).click();
    expect(await accessibilityProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await staffRow('Riley Rep').getByText('Manager').waitFor();
    const staff = (await (await t.api('/api/v1/staff')).json()).data;
    expect(staff.find((s: AnyJson) => s.id === riley.id).role).toBe('manager');
  });

  it("resets someone's password, which signs them out everywhere", async () => {
    const rileyCookie = await logInCookie(t, riley.email, riley.password);
    await manage('Riley Rep', 'Reset password');
    const dialog = page.getByRole('dialog', { name: "Reset Riley Rep's password" });
    await dialog.getByLabel('New password').fill('riley-new-password');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('New password set for Riley Rep; they were signed out everywhere.').waitFor();
    expect((await t.api('/api/auth/me', { headers: { cookie: rileyCookie } })).status).toBe(401);
    riley.password = 'riley-new-password';
    await logInCookie(t, riley.email, riley.password);
  });

  it('deactivates someone, handing their customers to a colleague, and reactivates them', async () => {
    const rileyCookie = await logInCookie(t, riley.email, riley.password);
    await manage('Riley Rep', 'Deactivate');
    const dialog = page.getByRole('dialog', { name: 'Deactivate Riley Rep' });
    await dialog.getByRole('combobox', { name: 'Hand their customers and open cases to' }).click();
    await page.getByRole('option', { name: 'Casey Colleague (Agent)' }).click();
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Moved to another department');
    expect(await accessibilityProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('1 customer and 0 open cases went to Casey Colleague.').waitFor();
    await staffRow('Riley Rep').getByText('Deactivated').waitFor();
    expect((await t.api('/api/auth/me', { headers: { cookie: rileyCookie } })).status).toBe(401);
    expect((await (await t.api(`/api/v1/customers/${customerId}`)).json()).ownerId).toBe(caseyId);

    await manage('Riley Rep', 'Reactivate');
    await staffRow('Riley Rep').getByText('Active').waitFor();
    await logInCookie(t, riley.email, riley.password);
  });

  it('changes your own password from the account menu', async () => {
    await page.getByRole('button', { name: 'Account: Ada Admin' }).click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change your password' });
    await dialog.getByLabel('Current password').fill('wrong-password-here');
    await dialog.getByLabel(/^New password/).fill('ada-new-password-1');
    await dialog.getByLabel('Repeat the new password').fill('ada-new-password-1');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByRole('alert').getByText('Password not changed').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toMatch(/current password/i);
    await dialog.getByLabel('Current password').fill(admin.password);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Still signed in here.
    await page.reload();
    await staffRow('Riley Rep').waitFor();
    await logInCookie(t, admin.email, 'ada-new-password-1');
    const audit = (await (await t.api('/api/v1/audit?limit=50')).json()).data.map((e: AnyJson) => e.action);
    expect(audit).toEqual(
      expect.arrayContaining([
        'staff.update',
        'staff.password-reset',
        'staff.deactivate',
        'staff.hand-over',
        'staff.reactivate',
        'staff.password-change',
      ]),
    );
  });
});
