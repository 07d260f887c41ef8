import { Injectable } from '@nestjs/common';

/** Work another module does once accounts were written. */
export type AccountsChangedListener = (accountIds: string[]) => Promise<void>;

/**
 * Lets modules that depend on accounts (support: stored SLA due times follow an account's plan,
 * segment and region) react to committed account writes without the accounts module depending on
 * them. Listeners run after the commit, one after the other; they must be idempotent, since a
 * process that dies between the commit and the listener never runs it.
 */
@Injectable()
export class AccountChangeHooks {
  private readonly listeners: AccountsChangedListener[] = [];

  onAccountsChanged(listener: AccountsChangedListener): void {
    this.listeners.push(listener);
  }

  async accountsChanged(accountIds: string[]): Promise<void> {
    if (accountIds.length === 0) return;
    for (const listener of this.listeners) await listener(accountIds);
  }
}
