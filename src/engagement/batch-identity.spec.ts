import { BatchIdentity } from './batch-identity';

describe('BatchIdentity', () => {
  it('tells a first sighting, an identical repeat and a conflicting repeat apart', () => {
    const identity = new BatchIdentity();
    expect(identity.check('a|x', 1, '{"v":1}')).toEqual({ kind: 'first' });
    expect(identity.check('a|y', 2, '{"v":1}')).toEqual({ kind: 'first' });
    expect(identity.check('a|x', 3, '{"v":1}')).toEqual({ kind: 'repeat' });
    expect(identity.check('a|x', 4, '{"v":2}')).toEqual({ kind: 'conflict', otherLine: 1 });
  });
});
