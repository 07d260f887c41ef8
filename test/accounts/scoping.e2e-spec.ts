import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { assign, auth, createAccount, createManager } from './fixtures';

/** csm keys see accounts where their manager holds an open assignment; lead keys their own and their team's. */
describe('Account scoping of csm and lead keys (e2e)', () => {
  let t: TestApp;
  let lead: { id: string };
  let member: { id: string };
  let outsider: { id: string };
  let leadAccount: { id: string };
  let memberAccount: { id: string };
  let outsiderAccount: { id: string };
  let endedAccount: { id: string };
  let csmKey: string;
  let leadKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    lead = await createManager(t, { role: 'lead' });
    member = await createManager(t, { leadId: lead.id });
    outsider = await createManager(t);
    leadAccount = await createAccount(t, { name: 'Scope Lead' });
    memberAccount = await createAccount(t, { name: 'Scope Member' });
    outsiderAccount = await createAccount(t, { name: 'Scope Outsider' });
    endedAccount = await createAccount(t, { name: 'Scope Ended' });
    await assign(t, leadAccount.id, lead.id, 'csm');
    await assign(t, memberAccount.id, member.id, 'tam');
    await assign(t, outsiderAccount.id, outsider.id, 'csm');
    // the member held this account once; an ended assignment gives no access
    await assign(t, endedAccount.id, member.id, 'csm');
    await assign(t, endedAccount.id, outsider.id, 'csm');
    csmKey = await t.keyFor('csm', member.id);
    leadKey = await t.keyFor('lead', lead.id);
  });
  afterAll(async () => t.close());

  const listed = async (key: string, query = 'q=Scope') =>
    (await request(t.server).get(`/api/v1/accounts?${query}`).set(auth(key)).expect(200)).body.items.map((item: { id: string }) => item.id).sort();

  it('a csm key sees only accounts its manager holds', async () => {
    expect(await listed(csmKey)).toEqual([memberAccount.id]);
    await request(t.server).get(`/api/v1/accounts/${memberAccount.id}`).set(auth(csmKey)).expect(200);
    for (const id of [leadAccount.id, outsiderAccount.id, endedAccount.id]) {
      await request(t.server).get(`/api/v1/accounts/${id}`).set(auth(csmKey)).expect(404);
      await request(t.server).get(`/api/v1/accounts/${id}/history`).set(auth(csmKey)).expect(404);
      await request(t.server).get(`/api/v1/accounts/${id}/assignments`).set(auth(csmKey)).expect(404);
      await request(t.server).get(`/api/v1/accounts/${id}?asOf=2099-01-01`).set(auth(csmKey)).expect(404);
    }
    expect(await listed(csmKey, `managerId=${outsider.id}`)).toEqual([]);
  });

  it('a lead key sees its own and its team\'s accounts', async () => {
    expect(await listed(leadKey)).toEqual([leadAccount.id, memberAccount.id].sort());
    await request(t.server).get(`/api/v1/accounts/${outsiderAccount.id}`).set(auth(leadKey)).expect(404);
    await request(t.server).get(`/api/v1/accounts/${memberAccount.id}/history`).set(auth(leadKey)).expect(200);
  });

  it('scopes managers, books and portfolios', async () => {
    const visibleToCsm = (await request(t.server).get('/api/v1/managers').set(auth(csmKey)).expect(200)).body.items.map((item: { id: string }) => item.id);
    expect(visibleToCsm).toEqual([member.id]);
    const visibleToLead = (await request(t.server).get('/api/v1/managers').set(auth(leadKey)).expect(200)).body.items.map((item: { id: string }) => item.id).sort();
    expect(visibleToLead).toEqual([lead.id, member.id].sort());
    await request(t.server).get(`/api/v1/managers/${outsider.id}`).set(auth(csmKey)).expect(404);
    await request(t.server).get(`/api/v1/managers/${outsider.id}/book`).set(auth(leadKey)).expect(404);
    await request(t.server).get(`/api/v1/managers/${lead.id}/portfolio`).set(auth(csmKey)).expect(404);
    const teamPortfolio = await request(t.server).get(`/api/v1/managers/${lead.id}/portfolio?includeTeam=true`).set(auth(leadKey)).expect(200);
    expect(teamPortfolio.body.accounts).toBe(2);
    const book = await request(t.server).get(`/api/v1/managers/${member.id}/book`).set(auth(csmKey)).expect(200);
    expect(book.body.items.map((item: { accountId: string }) => item.accountId)).toEqual([memberAccount.id]);
  });

  it('lets a lead assign within its team only, and csm keys not at all', async () => {
    await request(t.server).put(`/api/v1/accounts/${memberAccount.id}/assignments`).set(auth(leadKey)).send({ managerId: lead.id, role: 'backup_csm' }).expect(200);
    const outsideTeam = await request(t.server).put(`/api/v1/accounts/${memberAccount.id}/assignments`).set(auth(leadKey)).send({ managerId: outsider.id, role: 'ae' }).expect(400);
    expect(outsideTeam.body.errors[0].path).toBe('managerId');
    await request(t.server).put(`/api/v1/accounts/${outsiderAccount.id}/assignments`).set(auth(leadKey)).send({ managerId: lead.id, role: 'ae' }).expect(404);
    await request(t.server).put(`/api/v1/accounts/${memberAccount.id}/assignments`).set(auth(csmKey)).send({ managerId: member.id, role: 'ae' }).expect(403);
  });

  it('refuses writes and bulk to csm and lead keys', async () => {
    await request(t.server).patch(`/api/v1/accounts/${memberAccount.id}`).set(auth(csmKey)).send({ name: 'x' }).expect(403);
    await request(t.server).post(`/api/v1/accounts/${memberAccount.id}/archive`).set(auth(leadKey)).expect(403);
    await request(t.server).post('/api/v1/accounts/bulk').set(auth(leadKey)).send([]).expect(403);
    await request(t.server).post('/api/v1/managers').set(auth(leadKey)).send({ name: 'x', email: 'x@vendor.example', role: 'csm' }).expect(403);
  });
});
