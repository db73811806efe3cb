/**
 * Light and dark themes: "system" (the default) follows the system setting through CSS; "light" and "dark" pin
 * one by setting data-theme on <html>. The choice is kept in this browser's localStorage.
 * @module
 */
export type Theme = "system" | "light" | "dark";

const KEY = "duplicati-deno:theme";

export function storedTheme(): Theme {
  const value = localStorage.getItem(KEY);
  return value === "light" || value === "dark" ? value : "system";
}

export function applyTheme(theme: Theme): void {
  if (theme === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", theme);
}

export function saveTheme(theme: Theme): void {
  if (theme === "system") localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, theme);
  applyTheme(theme);
}
