/**
 * The web UI's sign-in: the printed sign-in link signs in (and is gone from the address bar), a reload keeps
 * the session, signing out ends it and a used link is refused with a readable message; with a server password,
 * a wrong password says so and the right one signs in. Screenshots of the form and of the error.
 * @module
 */
import { assert, assertEquals } from "../support/assert.ts";
import { startUi } from "../support/browser.ts";

Deno.test("web UI: the printed sign-in link signs in, a reload keeps the session, sign out ends it", async () => {
  const data = Deno.makeTempDirSync({ prefix: "web-signin-" });
  const ui = await startUi({ dataFolder: data, prefix: "signin" });
  try {
    const { page } = ui;
    await ui.signIn();
    assertEquals(new URL(page.url()).search, "", "the sign-in token is removed from the address");
    assert(!page.url().includes("token="));
    await page.reload();
    await page.getByRole("navigation", { name: "Main" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    // The used link does not work twice: the page says so and offers the password form.
    ui.expectHttpError({ status: 401, path: /^\/api\/v1\/auth\/signin$/ });
    await page.goto(ui.signinLink);
    await page.getByRole("alert").filter({ hasText: "sign-in link did not work" }).waitFor();
    await ui.shot("used-link");
  } finally {
    await ui.finish();
    Deno.removeSync(data, { recursive: true });
  }
});

Deno.test("web UI: a wrong password is refused with a clear message, the right one signs in", async () => {
  const data = Deno.makeTempDirSync({ prefix: "web-signin-" });
  const ui = await startUi({ dataFolder: data, prefix: "signin", password: "right horse battery" });
  try {
    const { page } = ui;
    await page.goto(ui.server.baseUrl);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await ui.shot("form");
    ui.expectHttpError({ status: 401, path: /^\/api\/v1\/auth\/login$/ });
    await page.getByLabel("Password").fill("wrong horse");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong password" }).waitFor();
    await ui.shot("wrong-password");
    await page.getByLabel("Password").fill("right horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
  } finally {
    await ui.finish();
    Deno.removeSync(data, { recursive: true });
  }
});
