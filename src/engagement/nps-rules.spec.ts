import { npsCategory } from './nps-rules';

describe('npsCategory', () => {
  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ])('%p is a %p', (score, category) => {
    expect(npsCategory(score)).toBe(category);
  });
});
