import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compileMathExpression } from './math-expression.js';
import { MathExpressionError } from './errors.js';

const evaluate = (source: string, x = 0): number | boolean => compileMathExpression(source).evaluate(x);

describe('compileMathExpression', () => {
  it('evaluates the kuksa examples', () => {
    expect(evaluate('floor((x*40)-100)', 2)).toBe(-20);
    expect(evaluate('(x+100)/40', -20)).toBe(2);
    expect(evaluate('floor(x+0.5)', 3.5)).toBe(4);
    expect(evaluate('x * 1.609344', 100)).toBeCloseTo(160.9344, 10);
  });

  it('follows the usual precedence and associativity', () => {
    expect(evaluate('1 + 2 * 3')).toBe(7);
    expect(evaluate('(1 + 2) * 3')).toBe(9);
    expect(evaluate('10 - 4 - 3')).toBe(3);
    expect(evaluate('2 ^ 3 ^ 2')).toBe(512);
    expect(evaluate('2 ** 10')).toBe(1024);
    expect(evaluate('-2 ^ 2')).toBe(-4);
    expect(evaluate('2 ^ -1')).toBe(0.5);
    expect(evaluate('--x', 5)).toBe(5);
    expect(evaluate('x / 4', 2)).toBe(0.5);
    expect(evaluate('1.5e3 + .5')).toBe(1500.5);
  });

  it('uses Python semantics for % and round', () => {
    expect(evaluate('-1 % 5')).toBe(4);
    expect(evaluate('7 % -3')).toBe(-2);
    expect(evaluate('round(2.5)')).toBe(2);
    expect(evaluate('round(3.5)')).toBe(4);
    expect(evaluate('round(-0.5)')).toBe(0);
    expect(evaluate('round(-1.5)')).toBe(-2);
    expect(evaluate('round(1.2345, 2)')).toBe(1.23);
  });

  it('knows the functions and constants', () => {
    expect(evaluate('abs(x)', -3)).toBe(3);
    expect(evaluate('ceil(1.1) + trunc(-1.9)')).toBe(1);
    expect(evaluate('min(3, x, 7)', 1)).toBe(1);
    expect(evaluate('max(3, x, 7)', 9)).toBe(9);
    expect(evaluate('sqrt(16) + exp(0) + log(E) + log(8, 2)')).toBeCloseTo(9, 12);
    expect(evaluate('sin(PI / 2) + cos(0) + tan(0)')).toBeCloseTo(2, 12);
    expect(evaluate('atan2(1, 1) * 4')).toBeCloseTo(Math.PI, 12);
    expect(evaluate('pow(x, 2)', 3)).toBe(9);
    expect(evaluate('if(x > 0, 1, -1)', -5)).toBe(-1);
  });

  it('gives booleans for comparisons and and/or/not', () => {
    const gt = compileMathExpression('x > 100');
    expect(gt.isBoolean).toBe(true);
    expect(gt.evaluate(101)).toBe(true);
    expect(gt.evaluate(100)).toBe(false);
    expect(evaluate('x >= 1 and x <= 3', 2)).toBe(true);
    expect(evaluate('x == 1 or x == 3', 2)).toBe(false);
    expect(evaluate('not x', 0)).toBe(true);
    expect(evaluate('x != 2', 2)).toBe(false);
    expect(compileMathExpression('x + 1').isBoolean).toBe(false);
  });

  it('returns non-finite numbers where Python would raise', () => {
    expect(evaluate('1 / x', 0)).toBe(Infinity);
    expect(evaluate('sqrt(x)', -1)).toBeNaN();
    expect(evaluate('x % 0', 3)).toBeNaN();
  });

  it.each([
    ['x +', 4, 'unexpected end of expression'],
    ['2 $ 3', 3, "unexpected character '$'"],
    ['y * 2', 1, "unknown name 'y'"],
    ['floor(1, 2)', 1, 'floor() takes 1 argument(s), got 2'],
    ['(x + 1', 7, 'unexpected end of expression'],
    ['x 2', 3, "unexpected '2'"],
    ['sqrt 4', 6, "expected '(' after 'sqrt'"],
    ['eval(1)', 1, "unknown name 'eval'"],
    ['constructor(1)', 1, "unknown name 'constructor'"],
  ])('rejects %j at column %i', (source, column, reason) => {
    let caught: unknown;
    try {
      compileMathExpression(source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MathExpressionError);
    expect((caught as MathExpressionError).column).toBe(column);
    expect((caught as MathExpressionError).reason).toContain(reason);
  });

  it('refuses deep nesting with a typed error, not a stack overflow', () => {
    expect(() => compileMathExpression('('.repeat(5000) + 'x' + ')'.repeat(5000))).toThrow(MathExpressionError);
    expect(() => compileMathExpression('-'.repeat(5000) + 'x')).toThrow(MathExpressionError);
  });

  it('throws only MathExpressionError on arbitrary input, and evaluates whatever compiles', () => {
    const alphabet = fc.constantFrom(...'x0123456789.+-*/%^()<>=!, eEPIfloorminatd'.split(''));
    const sources = fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 40 }));
    fc.assert(
      fc.property(sources, fc.double(), (source, x) => {
        let expression;
        try {
          expression = compileMathExpression(source);
        } catch (error) {
          expect(error).toBeInstanceOf(MathExpressionError);
          const column = (error as MathExpressionError).column;
          expect(column).toBeGreaterThanOrEqual(1);
          expect(column).toBeLessThanOrEqual(source.length + 1);
          return;
        }
        const value = expression.evaluate(x);
        expect(typeof value === 'number' || typeof value === 'boolean').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
