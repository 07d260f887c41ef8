import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { ProblemFieldError } from '../common/problem';

/**
 * How an ingest row names its account: by id, by the account's external id, or by one of the
 * vendor's app ids that roll up to it. Ingest row DTOs extend this class.
 */
export class AccountReferenceDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Account id' })
  @IsOptional()
  @IsUUID()
  account?: string | null;

  @ApiPropertyOptional({ description: 'Account external id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  accountExternalId?: string | null;

  @ApiPropertyOptional({ description: 'An app id that rolls up to the account' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  appId?: string | null;
}

/** The distinct references of a chunk, to resolve with one query per kind. */
export interface AccountReferenceSet {
  ids: string[];
  externalIds: string[];
  appIds: string[];
}

/** What each reference resolved to (account id), within the caller's scope. */
export interface ResolvedAccountReferences {
  byId: Map<string, string>;
  byExternalId: Map<string, string>;
  byAppId: Map<string, string>;
}

export function collectAccountReferences(rows: AccountReferenceDto[]): AccountReferenceSet {
  const ids = new Set<string>();
  const externalIds = new Set<string>();
  const appIds = new Set<string>();
  for (const row of rows) {
    if (row.account != null) ids.add(row.account.toLowerCase());
    if (row.accountExternalId != null) externalIds.add(row.accountExternalId);
    if (row.appId != null) appIds.add(row.appId);
  }
  return { ids: [...ids], externalIds: [...externalIds], appIds: [...appIds] };
}

/** A stable text for the reference, for natural keys (`id:…`, `ext:…`, `app:…`). */
export function accountReferenceKey(row: AccountReferenceDto): string {
  if (row.account != null) return `id:${row.account.toLowerCase()}`;
  if (row.accountExternalId != null) return `ext:${row.accountExternalId}`;
  return `app:${row.appId ?? ''}`;
}

/**
 * A null reference (`{"account": null}` passes `@IsOptional`) counts as absent, like a missing one.
 *
 * The account id a row names, or the error to report for it: exactly one way of naming it, and an
 * account that exists within the caller's scope (an account outside it reads as unknown).
 */
export function resolveAccountReference(row: AccountReferenceDto, resolved: ResolvedAccountReferences, line?: number): { accountId?: string; error?: ProblemFieldError } {
  const given = [row.account, row.accountExternalId, row.appId].filter((value) => value != null).length;
  if (given !== 1) {
    return { error: { line, path: 'account', message: 'name the account by exactly one of account, accountExternalId or appId' } };
  }
  if (row.account != null) {
    const accountId = resolved.byId.get(row.account.toLowerCase());
    return accountId ? { accountId } : { error: { line, path: 'account', message: `account ${row.account} does not exist` } };
  }
  if (row.accountExternalId != null) {
    const accountId = resolved.byExternalId.get(row.accountExternalId);
    return accountId ? { accountId } : { error: { line, path: 'accountExternalId', message: `no account has external id ${JSON.stringify(row.accountExternalId)}` } };
  }
  const accountId = resolved.byAppId.get(row.appId!);
  return accountId ? { accountId } : { error: { line, path: 'appId', message: `app id ${JSON.stringify(row.appId)} belongs to no account` } };
}
