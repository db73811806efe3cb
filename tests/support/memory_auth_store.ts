/**
 * An in-memory {@link AuthStore} for auth tests: settings in a Map, token families with sequential ids.
 * @module
 */
import type { AuthStore } from "../../lib/server/auth/auth_service.ts";
import type { TokenFamily } from "../../lib/server/config_store/model.ts";

export class MemoryAuthStore implements AuthStore {
  readonly settings = new Map<string, string>();
  readonly families = new Map<string, TokenFamily>();
  #nextFamily = 1;

  constructor(settings: Readonly<Record<string, string>> = {}) {
    for (const [key, value] of Object.entries(settings)) this.settings.set(key, value);
  }

  getSetting(key: string): string | undefined {
    return this.settings.get(key);
  }

  setSetting(key: string, value: string | null): void {
    if (value === null) this.settings.delete(key);
    else this.settings.set(key, value);
  }

  createTokenFamily(userId: string, now: number): TokenFamily {
    const family: TokenFamily = { id: `family-${this.#nextFamily++}`, userId, counter: 0, lastUpdated: now };
    this.families.set(family.id, family);
    return family;
  }

  getTokenFamily(id: string): TokenFamily | undefined {
    return this.families.get(id);
  }

  updateTokenFamily(id: string, counter: number, now: number): void {
    const family = this.families.get(id);
    if (family) this.families.set(id, { ...family, counter, lastUpdated: now });
  }

  deleteTokenFamily(id: string): void {
    this.families.delete(id);
  }

  deleteAllTokenFamilies(): void {
    this.families.clear();
  }
}
