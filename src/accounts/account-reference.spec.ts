import { accountReferenceKey, collectAccountReferences, resolveAccountReference, ResolvedAccountReferences } from './account-reference';

const ACCOUNT = '6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e';
const resolved: ResolvedAccountReferences = {
  byId: new Map([[ACCOUNT, ACCOUNT]]),
  byExternalId: new Map([['acme', ACCOUNT]]),
  byAppId: new Map([['app-1', ACCOUNT]]),
};

describe('account references', () => {
  it.each([
    [{ account: ACCOUNT.toUpperCase() }, ACCOUNT],
    [{ accountExternalId: 'acme' }, ACCOUNT],
    [{ appId: 'app-1' }, ACCOUNT],
    [{ account: null, appId: 'app-1' }, ACCOUNT],
  ])('resolves %p', (row, expected) => {
    expect(resolveAccountReference(row, resolved, 3)).toEqual({ accountId: expected });
  });

  it.each([
    [{}, 'account'],
    [{ account: null }, 'account'],
    [{ account: null, accountExternalId: null, appId: null }, 'account'],
    [{ account: ACCOUNT, appId: 'app-1' }, 'account'],
    [{ account: '0b8a7d1e-1111-4111-8111-111111111111' }, 'account'],
    [{ accountExternalId: 'nobody' }, 'accountExternalId'],
    [{ appId: 'app-x' }, 'appId'],
  ])('reports %p at %s with the line', (row, path) => {
    expect(resolveAccountReference(row, resolved, 7).error).toEqual({ line: 7, path, message: expect.any(String) });
  });

  it('collects each distinct reference once and keys rows by how they name the account', () => {
    const rows = [{ account: ACCOUNT }, { account: ACCOUNT }, { appId: 'app-1' }, { accountExternalId: 'acme', account: null }];
    expect(collectAccountReferences(rows)).toEqual({ ids: [ACCOUNT], externalIds: ['acme'], appIds: ['app-1'] });
    expect(rows.map(accountReferenceKey)).toEqual([`id:${ACCOUNT}`, `id:${ACCOUNT}`, 'app:app-1', 'ext:acme']);
  });
});
