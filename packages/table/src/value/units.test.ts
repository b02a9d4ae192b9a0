import { describe, expect, it } from 'vitest';
import { parseIndicatorValue } from './parse-indicator-value.ts';
import { hasNumber, isDuration, isPercent, isPerUnit, moneyInWan } from './units.ts';

describe('money and unit helpers', () => {
  it.each([
    ['1942万元', 1942],
    ['2000000.00元', 200],
    ['2000000.00 元', 200],
    ['不超过 7.5 万元', 7.5],
    ['1.5亿元', 15000],
    ['100 人次 1万元', 1],
  ] as const)('moneyInWan(%s) = %d', (text, wan) => {
    expect(moneyInWan(parseIndicatorValue(text))).toBeCloseTo(wan, 9);
  });

  it.each(['0.52万元/套', '419元/人', '95%', '10套', '显著提升', '2021年12月', '2万份 0.5 万元 3万元'])(
    'moneyInWan(%s) is undefined',
    (text) => {
      expect(moneyInWan(parseIndicatorValue(text))).toBeUndefined();
    },
  );

  it('tells percents, prices, durations and numbers apart', () => {
    expect(isPercent(parseIndicatorValue('≥ 90%'))).toBe(true);
    expect(isPercent(parseIndicatorValue('90'))).toBe(false);
    expect(isPerUnit(parseIndicatorValue('419元/人'))).toBe(true);
    expect(isPerUnit(parseIndicatorValue('419元'))).toBe(false);
    expect(isDuration(parseIndicatorValue('24小时'))).toBe(true);
    expect(isDuration(parseIndicatorValue('≤30分钟'))).toBe(true);
    expect(isDuration(parseIndicatorValue('30人'))).toBe(false);
    expect(hasNumber(parseIndicatorValue('≥8次235人'))).toBe(true);
    expect(hasNumber(parseIndicatorValue('全覆盖'))).toBe(false);
  });
});
