import { derivative, OperatorNode, ParenthesisNode, parse, SymbolNode, type MathNode } from 'mathjs/number';
import { ClockpizzaError, InternalError } from '../errors.js';

/**
 * A mathjs expression compiled to plain JavaScript. mathjs parses, checks and differentiates;
 * the checked tree is then emitted as JS source built only from whitelisted pieces (numbers,
 * the declared variables, Math functions), so evaluation runs at JIT speed — the template
 * tables need p³·|K| evaluations.
 */
export type CompiledExpression = (...args: number[]) => number;

/** Functions an algorithm may use: each is differentiable by mathjs (abs handled here). */
const FUNCTIONS: Record<string, string> = {
  abs: 'Math.abs',
  sqrt: 'Math.sqrt',
  cos: 'Math.cos',
  sin: 'Math.sin',
  tan: 'Math.tan',
  exp: 'Math.exp',
  log: 'Math.log',
  sign: 'Math.sign',
};
const USER_FUNCTIONS = new Set(['abs', 'sqrt', 'cos', 'sin', 'tan', 'exp', 'log']);
// Looked up as own properties only: `constructor`, `__proto__` or `toString` are not constants.
const CONSTANTS: Record<string, string> = { pi: 'Math.PI', e: 'Math.E' };
const OPERATORS = new Set(['+', '-', '*', '/', '^']);
/** The shipped algorithms use at most 145 characters and nest about 12 levels. */
export const MAX_EXPRESSION_LENGTH = 2000;
export const MAX_EXPRESSION_DEPTH = 64;

interface Where {
  file?: string;
  field: string;
}

/** Parses `source` and checks that it uses only `variables`, the allowed functions and constants. */
export function parseExpression(source: string, variables: readonly string[], where: Where): MathNode {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ClockpizzaError(`expression of ${source.length} characters is longer than the ${MAX_EXPRESSION_LENGTH} allowed`, where);
  }
  let node: MathNode;
  try {
    node = parse(source);
  } catch (error) {
    throw new ClockpizzaError(`syntax error in "${source}": ${(error as Error).message}`, where);
  }
  // Before any recursive walk: mathjs's traverse, derivative and our emitter recurse per level.
  const depth = treeDepth(node);
  if (depth > MAX_EXPRESSION_DEPTH) {
    throw new ClockpizzaError(`expression nests ${depth} levels deep, more than the ${MAX_EXPRESSION_DEPTH} allowed (a sum or product adds a level per term)`, where);
  }
  checkNode(node, new Set(variables), where);
  return node;
}

/** Levels of the tree (a leaf is 1), counted without recursion. */
function treeDepth(root: MathNode): number {
  let deepest = 0;
  const pending: [MathNode, number][] = [[root, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    deepest = Math.max(deepest, depth);
    node.forEach((child: MathNode) => pending.push([child, depth + 1]));
  }
  return deepest;
}

function checkNode(node: MathNode, variables: Set<string>, where: Where): void {
  node.traverse((n: MathNode, path: string) => {
    switch (n.type) {
      case 'ConstantNode': {
        const value = (n as unknown as { value: unknown }).value;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new ClockpizzaError(`only finite numbers are allowed as constants, found ${String(value)}`, where);
        }
        return;
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        // A FunctionNode's name is also visited as a SymbolNode at path "fn".
        if (path === 'fn') return;
        if (!variables.has(name) && !Object.hasOwn(CONSTANTS, name)) {
          throw new ClockpizzaError(
            `unknown variable "${name}" (allowed: ${[...variables].join(', ')}, pi, e)`,
            where,
          );
        }
        return;
      }
      case 'FunctionNode': {
        const fn = (n as unknown as { fn: MathNode }).fn;
        const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : undefined;
        if (name === undefined || !USER_FUNCTIONS.has(name)) {
          throw new ClockpizzaError(
            `unknown function "${name ?? fn.toString()}" (allowed: ${[...USER_FUNCTIONS].join(', ')})`,
            where,
          );
        }
        const args = (n as unknown as { args: MathNode[] }).args;
        if (args.length !== 1) throw new ClockpizzaError(`${name} takes one argument, got ${args.length}`, where);
        return;
      }
      case 'OperatorNode': {
        const op = (n as unknown as { op: string }).op;
        if (!OPERATORS.has(op)) throw new ClockpizzaError(`operator "${op}" is not allowed (use + - * / ^)`, where);
        return;
      }
      case 'ParenthesisNode':
        return;
      default:
        throw new ClockpizzaError(`"${n.toString()}" (${n.type}) is not allowed in an algorithm expression`, where);
    }
  });
}

/**
 * Compiles a checked tree into a function of `variables` (in that order). A derivative's sign
 * symbols become locals computed once, in order, before the result.
 */
export function compileNode(node: MathNode | Derivative, variables: readonly string[], where: Where): CompiledExpression {
  const { node: tree, signs } = node instanceof Derivative ? node : { node, signs: [] };
  const scope: Scope = { variables: new Set(variables), signs: signs.length, shared: new Map() };
  // Each abs's argument is a local too: the next one out contains it, and must not repeat it.
  const locals = signs.map((inner, i) => {
    const line = `const __inner${i} = ${emit(inner, scope)}; const ${SIGN_PREFIX}${i} = Math.sign(__inner${i});`;
    scope.shared.set(inner, `__inner${i}`);
    return line;
  });
  const body = emit(tree, scope);
  let fn: CompiledExpression;
  try {
    // The body is generated from the checked tree only: numbers, declared names, Math.* calls.
    fn = new Function(...variables, `'use strict'; ${locals.join(' ')} return (${body});`) as CompiledExpression;
  } catch (error) {
    throw new ClockpizzaError(`does not compile: ${(error as Error).message}`, where);
  }
  return fn;
}

interface Scope {
  variables: Set<string>;
  /** How many `__sign<i>` locals exist. */
  signs: number;
  /** Subtrees already held in a local, by identity. */
  shared: Map<MathNode, string>;
}

function emit(node: MathNode, scope: Scope): string {
  const local = scope.shared.get(node);
  if (local !== undefined) return local;
  const n = node as unknown as {
    type: string;
    value?: unknown;
    name?: string;
    op?: string;
    fn?: { name: string };
    args?: MathNode[];
    content?: MathNode;
  };
  switch (n.type) {
    case 'ConstantNode':
      return `(${JSON.stringify(n.value as number)})`;
    case 'SymbolNode': {
      const name = n.name!;
      if (scope.variables.has(name)) return name;
      if (name.startsWith(SIGN_PREFIX) && Number(name.slice(SIGN_PREFIX.length)) < scope.signs) return name;
      const constant = Object.hasOwn(CONSTANTS, name) ? CONSTANTS[name] : undefined;
      if (constant === undefined) throw new InternalError(`unchecked symbol ${name}`);
      return constant;
    }
    case 'ParenthesisNode':
      return `(${emit(n.content!, scope)})`;
    case 'FunctionNode': {
      const js = Object.hasOwn(FUNCTIONS, n.fn!.name) ? FUNCTIONS[n.fn!.name] : undefined;
      if (js === undefined) throw new InternalError(`unchecked function ${n.fn!.name}`);
      return `${js}(${n.args!.map((a) => emit(a, scope)).join(', ')})`;
    }
    case 'OperatorNode': {
      const args = n.args!.map((a) => emit(a, scope));
      if (args.length === 1) {
        if (n.op === '-') return `(-${args[0]})`;
        if (n.op === '+') return `(+${args[0]})`;
      } else if (args.length === 2) {
        if (n.op === '^') return `Math.pow(${args[0]}, ${args[1]})`;
        if (n.op === '+' || n.op === '-' || n.op === '*' || n.op === '/') return `(${args[0]} ${n.op} ${args[1]})`;
      }
      throw new InternalError(`operator ${n.op} with ${args.length} arguments`);
    }
    default:
      throw new InternalError(`node type ${n.type}`);
  }
}

/** A derivative tree whose sign symbols `__sign<i>` stand for sign(signs[i]) (each in turn may use earlier ones). */
export class Derivative {
  constructor(
    readonly node: MathNode,
    readonly signs: readonly MathNode[],
  ) {}
}

/**
 * ∂node/∂variable, with |u|′ = sign(u)·u′ (mathjs writes abs(u)/u·u′, which is NaN at u = 0).
 * Each abs(u) is rewritten as u·σᵢ with σᵢ a symbol mathjs treats as constant, so |u| keeps its
 * value and gets the subgradient 0 at the kink. The σᵢ stay symbols, computed once each when
 * compiled: substituting sign(u) back into the tree copied u at every level, doubling the tree
 * per nested abs (20 levels took 17 s and 1.3 GB); this way the result grows linearly.
 */
export function differentiate(node: MathNode, variable: string, where: Where): Derivative {
  const signs: MathNode[] = [];
  const marked = node.transform((n: MathNode) => markAbs(n, signs));
  let d: MathNode;
  try {
    d = derivative(marked, variable, { simplify: false });
  } catch (error) {
    throw new ClockpizzaError(`cannot differentiate with respect to ${variable}: ${(error as Error).message}`, where);
  }
  return new Derivative(d, signs);
}

const SIGN_PREFIX = '__sign';

function markAbs(n: MathNode, signs: MathNode[]): MathNode {
  const f = n as unknown as { type: string; fn?: { name: string }; args?: MathNode[] };
  if (f.type !== 'FunctionNode' || f.fn?.name !== 'abs') return n;
  const inner = f.args![0]!.transform((m: MathNode) => markAbs(m, signs));
  signs.push(inner);
  return new OperatorNode('*', 'multiply', [
    new ParenthesisNode(inner),
    new SymbolNode(`${SIGN_PREFIX}${signs.length - 1}`),
  ]);
}
