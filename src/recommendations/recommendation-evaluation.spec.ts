import { hitRate, popularityTopK } from './recommendation-evaluation';

describe('popularityTopK', () => {
  const features = [
    { id: '1', key: 'basic', product: 'p', prerequisites: [], eligibleSegments: [], useCases: [] },
    { id: '2', key: 'popular', product: 'p', prerequisites: ['basic'], eligibleSegments: [], useCases: [] },
    { id: '3', key: 'rare', product: 'p', prerequisites: ['basic'], eligibleSegments: [], useCases: [] },
    { id: '4', key: 'also-rare', product: 'p', prerequisites: ['basic'], eligibleSegments: [], useCases: [] },
    { id: '5', key: 'other-line', product: 'q', prerequisites: [], eligibleSegments: [], useCases: [] },
  ];
  const adopters = new Map([['1', 90], ['2', 50], ['3', 5], ['4', 5], ['5', 99]]);
  it('takes the most used eligible features, ties by key', () => {
    expect(popularityTopK({ segment: 's', products: ['p'], useCases: [] }, features, new Set(['basic']), adopters, 2)).toEqual(['2', '4']);
  });
});

describe('hitRate', () => {
  it('counts accounts whose list holds any feature adopted next', () => {
    const heldOut = new Map([
      ['a', new Set(['x'])],
      ['b', new Set(['y', 'z'])],
      ['c', new Set(['x'])],
      ['d', new Set<string>()],
    ]);
    const recommended = new Map([
      ['a', ['x', 'y']],
      ['b', ['q', 'z']],
      ['c', ['y']],
    ]);
    expect(hitRate(heldOut, recommended)).toEqual({ accounts: 3, hits: 2, hitRate: 0.6667 });
  });
});
