/**
 * Vector forms of the toy models, for the fast engine: the same graphs, with each state
 * spread over several 16-bit words so that packing, journals and fingerprints are exercised.
 */
import type { Journal, Property, Stepper, VectorModel } from '../../explore/index.ts';
import type { GraphSpec } from './toy-models.ts';

/** Node n as three words: low byte, high byte and a 6-bit scramble. */
export function encodeNode(n: number): Uint16Array {
  return Uint16Array.of(n & 0xff, n >> 8, (n * 37) & 0x3f);
}
export const decodeNode = (w: Uint16Array): number => w[0]! | (w[1]! << 8);

/** vectorGraphModel() - graphModel() of toy-models.ts with vector states. */
export function vectorGraphModel(spec: GraphSpec): VectorModel {
  const successor = (n: number, id: number): number | null => spec.edges[n]?.[id] ?? null;
  return {
    wordBits: [8, 8, 6],
    initialStates: () => spec.initial.map(encodeNode),
    actionCount: Math.max(0, ...spec.edges.map((row) => row.length)),
    actionName: (id) => `edge${id}`,
    next: (w, id) => {
      const to = successor(decodeNode(w), id);
      return to === null ? null : encodeNode(to);
    },
    isTerminal: (w) => spec.terminal?.[decodeNode(w)] === true,
    key: (w) => `n${decodeNode(w)}`,
    toJSON: (w) => ({ node: decodeNode(w) }),
    properties: [],
    stepper(w: Uint16Array, journal: Journal): Stepper {
      return {
        loaded: () => {},
        apply(id) {
          const to = successor(decodeNode(w), id);
          if (to === null) return false;
          encodeNode(to).forEach((v, i) => journal.write(w, i, v));
          return true;
        },
        isTerminal: () => spec.terminal?.[decodeNode(w)] === true,
      };
    },
  };
}

/** A property of a vector graph model: no node in @bad is reachable. */
export function vectorAvoids(name: string, bad: readonly number[]): Property<Uint16Array> {
  return {
    name,
    statement: `${name} holds`,
    check: (w) => (bad.includes(decodeNode(w)) ? `${name} violated` : null),
  };
}

/**
 * cubeModel() - three counters 0 <= x, y, z < @side, each action adding 1 to one of them
 * modulo @side: side^3 states, all reachable, every state with three successors. Big
 * enough to grow the fingerprint table, the columns and the queue past their first chunks.
 */
export function cubeModel(side: number): VectorModel {
  const names = ['inc_x', 'inc_y', 'inc_z'];
  const bits = Math.max(1, Math.ceil(Math.log2(side)));
  const step = (w: Uint16Array, id: number): Uint16Array => {
    const out = w.slice();
    out[id] = (w[id]! + 1) % side;
    return out;
  };
  return {
    wordBits: [bits, bits, bits],
    initialStates: () => [new Uint16Array(3)],
    actionCount: 3,
    actionName: (id) => names[id]!,
    next: step,
    isTerminal: () => false,
    key: (w) => w.join(','),
    toJSON: (w) => ({ x: w[0], y: w[1], z: w[2] }),
    properties: [],
    stepper: (w, journal) => ({
      loaded: () => {},
      apply(id) {
        journal.write(w, id, (w[id]! + 1) % side);
        return true;
      },
      isTerminal: () => false,
    }),
  };
}
