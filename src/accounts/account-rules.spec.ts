import { addMoney, attributeErrors, commercialTermErrors, isCalendarDate, isIanaTimeZone, isIsoCurrency, isMoney, parentLevels, toMoney } from './account-rules';

describe('account rules', () => {
  it.each([
    ['2027-03-31', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-02-30', false],
    ['2027-13-01', false],
    ['27-03-31', false],
    ['2027-03-31T00:00:00Z', false],
  ])('isCalendarDate(%s) is %s', (value, expected) => expect(isCalendarDate(value)).toBe(expected));

  it.each([
    [120000, true],
    ['120000.5', true],
    ['0.01', true],
    [10.123, false],
    ['10.123', false],
    [-1, false],
    ['1e5', false],
    [true, false],
    [Number.NaN, false],
  ])('isMoney(%p) is %s', (value, expected) => expect(isMoney(value)).toBe(expected));

  it.each([
    [120000, '120000.00'],
    ['99.5', '99.50'],
    ['007.1', '7.10'],
    [0, '0.00'],
  ])('toMoney(%p) is %s', (value, expected) => expect(toMoney(value)).toBe(expected));

  it('adds money exactly', () => {
    expect(addMoney('0.10', '0.20')).toBe('0.30');
    expect(addMoney('999999999999.99', '0.01')).toBe('1000000000000.00');
    expect(addMoney('1.00', '-2.50')).toBe('-1.50');
  });

  it('knows ISO currencies and IANA zones', () => {
    expect(isIsoCurrency('EUR')).toBe(true);
    expect(isIsoCurrency('eur')).toBe(false);
    expect(isIsoCurrency('XYZ')).toBe(false);
    expect(isIanaTimeZone('Asia/Shanghai')).toBe(true);
    expect(isIanaTimeZone('Mars/Olympus')).toBe(false);
  });

  it('accepts flat attributes of string, number and boolean only', () => {
    expect(attributeErrors({ tier: 'gold', seats: 4, vip: true })).toEqual([]);
    expect(attributeErrors({ nested: { a: 1 } }).map((error) => error.path)).toEqual(['attributes.nested']);
    expect(attributeErrors({ list: [1] }).map((error) => error.path)).toEqual(['attributes.list']);
    expect(attributeErrors({ empty: null }).map((error) => error.path)).toEqual(['attributes.empty']);
    expect(attributeErrors([])).toHaveLength(1);
  });

  it('refuses commit terms on a PAYG account', () => {
    expect(commercialTermErrors({ billingModel: 'commit', commitAmount: '1.00', commitPeriod: 'year', renewalDate: '2027-01-01' })).toEqual([]);
    expect(commercialTermErrors({ billingModel: 'payg', commitAmount: null, commitPeriod: null, renewalDate: null })).toEqual([]);
    expect(commercialTermErrors({ billingModel: 'payg', commitAmount: '1.00', commitPeriod: null, renewalDate: '2027-01-01' }).map((error) => error.path)).toEqual(['commitAmount', 'renewalDate']);
  });

  describe('parentLevels', () => {
    it('puts parents before children and sets rows of an in-batch cycle apart', () => {
      const { levels, cyclic } = parentLevels([
        { key: 'grandchild', parentKey: 'child' },
        { key: 'child', parentKey: 'root' },
        { key: 'root', parentKey: 'stored-elsewhere' },
        { key: 'a', parentKey: 'b' },
        { key: 'b', parentKey: 'a' },
        { key: 'self', parentKey: 'self' },
        { key: 'orphan', parentKey: null },
      ]);
      expect(levels.map((level) => level.map((row) => row.key))).toEqual([['root', 'orphan'], ['child'], ['grandchild']]);
      expect(cyclic.map((row) => row.key).sort()).toEqual(['a', 'b', 'self']);
    });
  });
});
