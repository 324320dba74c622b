/**
 * The `math` transform of kuksa-can-provider mappings: a safe evaluator for the subset of
 * py-expression-eval that mappings use. Compiled once to a tree of closures; no eval, no Function.
 *
 * Grammar, lowest precedence first:
 *   or → and → not → comparison (== != < <= > >=) → + - → * / % → unary - + → ^ ** (right-assoc)
 *   primary: number | x | PI | E | name(args) | (expr)
 * Python semantics where they differ from JavaScript: `%` takes the divisor's sign, `round` rounds
 * half to even, comparisons and and/or/not give booleans. A result Python would raise on (division
 * by zero, sqrt(-1), log(0)) comes out non-finite here; callers drop it as kuksa drops a failure.
 */
import { MathExpressionError } from './errors.js';
import { tokenizeMathExpression, type Token } from './math-tokens.js';

const MAX_DEPTH = 100;

export interface MathExpression {
  readonly source: string;
  /** True when the result is a truth value (the outermost operator is a comparison or and/or/not). */
  readonly isBoolean: boolean;
  evaluate(x: number): number | boolean;
}

type Evaluate = (x: number) => number;
interface Compiled {
  run: Evaluate;
  isBoolean: boolean;
}

/** Python's round(): half to even, optional digit count. */
function roundHalfEven(value: number, digits = 0): number {
  const factor = 10 ** Math.trunc(digits);
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let rounded: number;
  if (diff > 0.5) rounded = floor + 1;
  else if (diff < 0.5) rounded = floor;
  else rounded = floor % 2 === 0 ? floor : floor + 1;
  return rounded / factor;
}

function pythonMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

const CONSTANTS: Record<string, number> = { PI: Math.PI, E: Math.E };

// [min args, max args, implementation]
const FUNCTIONS: Record<string, [number, number, (...args: number[]) => number]> = {
  abs: [1, 1, Math.abs],
  ceil: [1, 1, Math.ceil],
  floor: [1, 1, Math.floor],
  trunc: [1, 1, Math.trunc],
  round: [1, 2, roundHalfEven],
  sqrt: [1, 1, Math.sqrt],
  exp: [1, 1, Math.exp],
  log: [1, 2, (value, base) => (base === undefined ? Math.log(value) : Math.log(value) / Math.log(base))],
  log10: [1, 1, Math.log10],
  sin: [1, 1, Math.sin],
  cos: [1, 1, Math.cos],
  tan: [1, 1, Math.tan],
  asin: [1, 1, Math.asin],
  acos: [1, 1, Math.acos],
  atan: [1, 1, Math.atan],
  atan2: [2, 2, Math.atan2],
  pow: [2, 2, (a, b) => a ** b],
  hypot: [2, 2, Math.hypot],
  min: [1, Infinity, Math.min],
  max: [1, Infinity, Math.max],
};

const toNumber = (isTrue: boolean): number => (isTrue ? 1 : 0);

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Compiled {
    const result = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') this.fail(next, `unexpected '${next.text}'`);
    return result;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private take(): Token {
    return this.tokens[this.index++];
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === text;
  }

  private isWord(text: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text === text;
  }

  private fail(token: Token, reason: string): never {
    throw new MathExpressionError(this.source, token.column, token.kind === 'end' ? 'unexpected end of expression' : reason);
  }

  private expectOp(text: string): void {
    const token = this.take();
    if (token.kind !== 'op' || token.text !== text) this.fail(token, `expected '${text}' but found '${token.text}'`);
  }

  private parseOr(): Compiled {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.take();
      const a = left.run;
      const b = this.parseAnd().run;
      left = { run: (x) => toNumber(a(x) !== 0 || b(x) !== 0), isBoolean: true };
    }
    return left;
  }

  private parseAnd(): Compiled {
    let left = this.parseNot();
    while (this.isWord('and')) {
      this.take();
      const a = left.run;
      const b = this.parseNot().run;
      left = { run: (x) => toNumber(a(x) !== 0 && b(x) !== 0), isBoolean: true };
    }
    return left;
  }

  private parseNot(): Compiled {
    if (!this.isWord('not')) return this.parseComparison();
    this.take();
    const operand = this.nested(() => this.parseNot()).run;
    return { run: (x) => toNumber(operand(x) === 0), isBoolean: true };
  }

  private parseComparison(): Compiled {
    let left = this.parseAdditive();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(token.text)) return left;
      this.take();
      const a = left.run;
      const b = this.parseAdditive().run;
      const run: Evaluate =
        token.text === '=='
          ? (x) => toNumber(a(x) === b(x))
          : token.text === '!='
            ? (x) => toNumber(a(x) !== b(x))
            : token.text === '<'
              ? (x) => toNumber(a(x) < b(x))
              : token.text === '<='
                ? (x) => toNumber(a(x) <= b(x))
                : token.text === '>'
                  ? (x) => toNumber(a(x) > b(x))
                  : (x) => toNumber(a(x) >= b(x));
      left = { run, isBoolean: true };
    }
  }

  private parseAdditive(): Compiled {
    let left = this.parseMultiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.take().text;
      const a = left.run;
      const b = this.parseMultiplicative().run;
      left = { run: op === '+' ? (x) => a(x) + b(x) : (x) => a(x) - b(x), isBoolean: false };
    }
    return left;
  }

  private parseMultiplicative(): Compiled {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.take().text;
      const a = left.run;
      const b = this.parseUnary().run;
      const run: Evaluate =
        op === '*' ? (x) => a(x) * b(x) : op === '/' ? (x) => a(x) / b(x) : (x) => pythonMod(a(x), b(x));
      left = { run, isBoolean: false };
    }
    return left;
  }

  private parseUnary(): Compiled {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.take().text;
      const operand = this.nested(() => this.parseUnary()).run;
      return { run: op === '-' ? (x) => -operand(x) : operand, isBoolean: false };
    }
    return this.parsePower();
  }

  private parsePower(): Compiled {
    const base = this.parsePrimary();
    if (!this.isOp('^') && !this.isOp('**')) return base;
    this.take();
    // Right-associative, and the exponent may carry its own sign: 2^-1, 2^3^2 = 2^9.
    const a = base.run;
    const b = this.nested(() => this.parseUnary()).run;
    return { run: (x) => a(x) ** b(x), isBoolean: false };
  }

  private parsePrimary(): Compiled {
    const token = this.take();
    if (token.kind === 'number') {
      const value = token.value;
      return { run: () => value, isBoolean: false };
    }
    if (token.kind === 'op' && token.text === '(') {
      const inner = this.nested(() => this.parseOr());
      this.expectOp(')');
      return inner;
    }
    if (token.kind !== 'name') this.fail(token, `unexpected '${token.text}'`);
    if (token.text === 'x') return { run: (x) => x, isBoolean: false };
    if (Object.hasOwn(CONSTANTS, token.text)) {
      const value = CONSTANTS[token.text];
      return { run: () => value, isBoolean: false };
    }
    if (token.text === 'if' || Object.hasOwn(FUNCTIONS, token.text)) {
      if (!this.isOp('(')) this.fail(this.peek(), `expected '(' after '${token.text}'`);
      this.take();
      const args = this.isOp(')') ? [] : this.parseArguments();
      this.expectOp(')');
      return this.call(token, args);
    }
    return this.fail(token, `unknown name '${token.text}' (the variable is x)`);
  }

  private parseArguments(): Evaluate[] {
    const args = [this.nested(() => this.parseOr()).run];
    while (this.isOp(',')) {
      this.take();
      args.push(this.nested(() => this.parseOr()).run);
    }
    return args;
  }

  private call(token: Token, args: Evaluate[]): Compiled {
    if (token.text === 'if') {
      if (args.length !== 3) this.fail(token, `if() takes 3 arguments, got ${args.length}`);
      const [cond, then, otherwise] = args;
      return { run: (x) => (cond(x) !== 0 ? then(x) : otherwise(x)), isBoolean: false };
    }
    const [min, max, fn] = FUNCTIONS[token.text];
    if (args.length < min || args.length > max) {
      const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.fail(token, `${token.text}() takes ${wanted} argument(s), got ${args.length}`);
    }
    if (args.length === 1) {
      const [a] = args;
      return { run: (x) => fn(a(x)), isBoolean: false };
    }
    if (args.length === 2) {
      const [a, b] = args;
      return { run: (x) => fn(a(x), b(x)), isBoolean: false };
    }
    return { run: (x) => fn(...args.map((arg) => arg(x))), isBoolean: false };
  }

  /** Guards recursion so hostile input gets a typed error, not a stack overflow. */
  private nested(parse: () => Compiled): Compiled {
    if (++this.depth > MAX_DEPTH) this.fail(this.peek(), `nesting deeper than ${MAX_DEPTH}`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}

/** Parses `source` once; throws MathExpressionError (with the 1-based column) when it does not parse. */
export function compileMathExpression(source: string): MathExpression {
  const compiled = new Parser(source, tokenizeMathExpression(source)).parse();
  const run = compiled.run;
  const evaluate = compiled.isBoolean ? (x: number): boolean => run(x) !== 0 : run;
  return { source, isBoolean: compiled.isBoolean, evaluate };
}
