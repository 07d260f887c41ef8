import { AccountPlanningFacts, OpenReview, planAccountReviews, PlanningCadence, ReviewEvent } from './review-planning';

const CADENCES: PlanningCadence[] = [
  { segment: 'strategic', kind: 'EBR', everyMonths: 3, leadDays: null, managerRole: 'csm' },
  { segment: 'strategic', kind: 'operations', everyMonths: 1, leadDays: null, managerRole: 'tam' },
  { segment: 'strategic', kind: 'renewal', everyMonths: null, leadDays: 180, managerRole: 'csm' },
  { segment: 'enterprise', kind: 'QBR', everyMonths: 3, leadDays: null, managerRole: 'csm' },
  { segment: 'enterprise', kind: 'renewal', everyMonths: null, leadDays: 90, managerRole: 'csm' },
];
const OPTIONS = { today: '2026-06-01', earliestCadenceDue: '2026-06-15' };

function facts(overrides: Partial<AccountPlanningFacts['account']> = {}, more: Partial<Omit<AccountPlanningFacts, 'account'>> = {}): AccountPlanningFacts {
  return {
    account: { accountId: 'a1', segment: 'enterprise', renewalDate: null, startDay: '2026-05-20', csmId: 'csm1', tamId: null, ...overrides },
    openReviews: [],
    lastClosedDayBySlot: new Map(),
    handledTriggerKeys: new Set(),
    events: [],
    ...more,
  };
}

function open(overrides: Partial<OpenReview>): OpenReview {
  return { id: 'r1', accountId: 'a1', kind: 'QBR', slot: 'QBR', status: 'planned', dueDate: '2026-08-20', originalDueDate: null, managerId: 'csm1', triggerKeys: [], ...overrides };
}

describe('planAccountReviews', () => {
  it.each([
    {
      name: 'new enterprise account: one QBR three months after its start',
      input: facts(),
      inserts: [{ kind: 'QBR', slot: 'QBR', dueDate: '2026-08-20', managerId: 'csm1', triggerKeys: [] }],
      updates: [],
    },
    {
      name: 'strategic account: an EBR for the CSM and an operations review for the TAM',
      input: facts({ segment: 'strategic', tamId: 'tam1' }),
      inserts: [
        { kind: 'EBR', slot: 'EBR', dueDate: '2026-08-20', managerId: 'csm1', triggerKeys: [] },
        { kind: 'operations', slot: 'operations', dueDate: '2026-06-20', managerId: 'tam1', triggerKeys: [] },
      ],
      updates: [],
    },
    {
      name: 'startup segment without cadences: nothing',
      input: facts({ segment: 'startup' }),
      inserts: [],
      updates: [],
    },
    {
      name: 'overdue first review: not before the agenda lead time',
      input: facts({ startDay: '2025-01-10' }),
      inserts: [{ kind: 'QBR', slot: 'QBR', dueDate: '2026-06-15', managerId: 'csm1', triggerKeys: [] }],
      updates: [],
    },
    {
      name: 'next review one interval after the last held one of the slot',
      input: facts({}, { lastClosedDayBySlot: new Map([['QBR', '2026-05-02']]) }),
      inserts: [{ kind: 'QBR', slot: 'QBR', dueDate: '2026-08-02', managerId: 'csm1', triggerKeys: [] }],
      updates: [],
    },
    {
      name: 'open review in the slot: nothing new (idempotent)',
      input: facts({}, { openReviews: [open({})] }),
      inserts: [],
      updates: [],
    },
    {
      name: 'renewal pulls the planned QBR earlier instead of adding one',
      input: facts({ renewalDate: '2026-10-15' }, { openReviews: [open({ dueDate: '2026-08-20' })] }),
      inserts: [],
      updates: [{ id: 'r1', kind: 'renewal', dueDate: '2026-07-17', originalDueDate: '2026-08-20', managerId: 'csm1', triggerKeys: ['renewal:2026-10-15'] }],
    },
    {
      name: 'new account near renewal: its first QBR is planned and pulled to the renewal date, not doubled',
      input: facts({ renewalDate: '2026-10-15' }),
      inserts: [{ kind: 'renewal', slot: 'QBR', dueDate: '2026-07-17', originalDueDate: '2026-08-20', managerId: 'csm1', triggerKeys: ['renewal:2026-10-15'] }],
      updates: [],
    },
    {
      name: 'renewal already answered: nothing',
      input: facts({ renewalDate: '2026-10-15' }, { openReviews: [open({ dueDate: '2026-07-17', kind: 'renewal', triggerKeys: ['renewal:2026-10-15'] })], handledTriggerKeys: new Set(['renewal:2026-10-15']) }),
      inserts: [],
      updates: [],
    },
    {
      name: 'renewal beyond the horizon: only the cadence review',
      input: facts({ renewalDate: '2027-05-01' }),
      inserts: [{ kind: 'QBR', slot: 'QBR', dueDate: '2026-08-20', managerId: 'csm1', triggerKeys: [] }],
      updates: [],
    },
    {
      name: 'a review already due shortly before the renewal target answers it',
      input: facts({ renewalDate: '2026-10-15' }, { openReviews: [open({ dueDate: '2026-07-01' })] }),
      inserts: [],
      updates: [{ id: 'r1', kind: 'QBR', dueDate: '2026-07-01', originalDueDate: null, managerId: 'csm1', triggerKeys: ['renewal:2026-10-15'] }],
    },
    {
      name: 'breached P1 with no open review to pull (startup): a post-incident review within a week',
      input: facts({ segment: 'startup' }, { events: [{ accountId: 'a1', kind: 'post_incident', sourceRef: 't1', day: '2026-05-30' } as ReviewEvent] }),
      inserts: [{ kind: 'post_incident', slot: 'post_incident', dueDate: '2026-06-06', managerId: 'csm1', triggerKeys: ['post_incident:t1'] }],
      updates: [],
    },
    {
      name: 'account turned red pulls the QBR to a risk review',
      input: facts({}, { openReviews: [open({})], events: [{ accountId: 'a1', kind: 'risk', sourceRef: '2026-05-28:red', day: '2026-05-29' }] }),
      inserts: [],
      updates: [{ id: 'r1', kind: 'risk', dueDate: '2026-06-12', originalDueDate: '2026-08-20', managerId: 'csm1', triggerKeys: ['risk:2026-05-28:red'] }],
    },
    {
      name: 'a booked (scheduled) review is never moved: the event gets its own review',
      input: facts({}, { openReviews: [open({ status: 'scheduled' })], events: [{ accountId: 'a1', kind: 'post_incident', sourceRef: 't9', day: '2026-05-31' }] }),
      inserts: [{ kind: 'post_incident', slot: 'post_incident', dueDate: '2026-06-07', managerId: 'csm1', triggerKeys: ['post_incident:t9'] }],
      updates: [],
    },
    {
      name: 'events older than the lookback plan nothing',
      input: facts({ segment: 'startup' }, { events: [{ accountId: 'a1', kind: 'risk', sourceRef: 'x', day: '2026-04-01' }] }),
      inserts: [],
      updates: [],
    },
    {
      name: 'open reviews follow a new CSM',
      input: facts({ csmId: 'csm2' }, { openReviews: [open({})] }),
      inserts: [],
      updates: [{ id: 'r1', kind: 'QBR', dueDate: '2026-08-20', originalDueDate: null, managerId: 'csm2', triggerKeys: [] }],
    },
  ])('$name', ({ input, inserts, updates }) => {
    const plan = planAccountReviews(input, CADENCES, OPTIONS);
    expect(plan.inserts).toEqual(inserts.map((insert) => ({ accountId: 'a1', originalDueDate: null, ...insert })));
    expect(plan.updates).toEqual(updates.map((update) => ({ accountId: 'a1', ...update })));
  });

  it('is idempotent: applying the plan and planning again changes nothing', () => {
    const first = planAccountReviews(facts({ renewalDate: '2026-10-15', segment: 'strategic', tamId: 'tam1' }), CADENCES, OPTIONS);
    const reviews: OpenReview[] = first.inserts.map((insert, index) => ({ ...insert, id: `r${index}`, status: 'planned' }));
    const handled = new Set(reviews.flatMap((review) => review.triggerKeys));
    const second = planAccountReviews(facts({ renewalDate: '2026-10-15', segment: 'strategic', tamId: 'tam1' }, { openReviews: reviews, handledTriggerKeys: handled }), CADENCES, OPTIONS);
    expect(first.inserts.length).toBeGreaterThan(0);
    expect(second).toEqual({ inserts: [], updates: [] });
  });
});
