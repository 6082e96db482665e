/**
 * The semantics of one step of one thread: locks, trylocks, kernfs active references and
 * drains, memory block state changes, and the dependencies lockdep records on the way.
 */
import { RES, Res, Ret } from './locks.ts';
import type { Program, Step } from './program.ts';
import { target } from './program.ts';
import { Bad, type LockState } from './state.ts';

/** What a thread is waiting for: a lock it cannot take, or a kernfs drain that cannot finish. */
export interface Wait { readonly res: Res; readonly kind: 'lock' | 'drain' }

export const finished = (p: Program, pc: number): boolean => pc >= p.steps.length;

/** Whether `res` can be taken now, for read or for write. */
function available(s: LockState, res: Res, read: boolean): boolean {
  const h = s.holders(res);
  return read ? !h.writer : h.mask === 0;
}

/**
 * waitingFor() - what thread t is blocked on, or null when it can move or has finished
 *
 * A blocking lock that is held incompatibly, or a kernfs_drain() while any thread holds an
 * active reference. Trylocks and kernfs_get_active() never block.
 */
export function waitingFor(s: LockState, p: Program, t: number): Wait | null {
  const step = p.steps[s.pc(t)];
  if (step === undefined) return null;
  const op = step.op;
  if (op.k === 'lock' && !available(s, op.res, op.read)) return { res: op.res, kind: 'lock' };
  if (op.k === 'drain' && s.holders(op.res).mask !== 0) return { res: op.res, kind: 'drain' };
  return null;
}

/**
 * lockdep's check_prevs_add(): taking `next` with a blocking acquisition records "next after
 * held" for the held locks from the top of the stack down to the first one that was not a
 * trylock; locks lockdep does not validate (dev->mutex) are skipped. A trylock records nothing.
 *
 * Kernel: kernel/locking/lockdep.c validate_chain() / check_prevs_add() (v5.1 .. v6.1).
 */
function recordDependencies(s: LockState, t: number, next: Res): void {
  if (!RES[next]!.validated) return;
  for (let i = s.depth(t) - 1; i >= 0; i--) {
    const h = s.held(t, i);
    if (!RES[h.res]!.validated) continue;
    if (h.res !== next) s.addEdge(h.res, next);
    if (!h.trylock) break;
  }
}

/** Whether thread t can take `outcome` (0: the step's normal effect, 1: its failure) now. */
export function enabled(s: LockState, p: Program, t: number, outcome: number): boolean {
  const step = p.steps[s.pc(t)];
  if (step === undefined || s.bug() >= 0) return false;
  if (outcome === 1) return step.op.k === 'set_block' && step.op.mayFail !== undefined;
  return waitingFor(s, p, t) === null;
}

/**
 * applyStep() - run thread t's current step with `outcome`, writing through the state's view
 *
 * Return: false, with nothing written, when the step is not enabled.
 */
export function applyStep(s: LockState, p: Program, t: number, outcome: number): boolean {
  if (!enabled(s, p, t, outcome)) return false;
  const pc = s.pc(t);
  const step: Step = p.steps[pc]!;
  const op = step.op;
  let nextPc = pc + 1;
  switch (op.k) {
    case 'lock':
      recordDependencies(s, t, op.res);
      s.push(t, { res: op.res, trylock: false, read: op.read });
      break;
    case 'trylock':
      if (available(s, op.res, false)) s.push(t, { res: op.res, trylock: true, read: false });
      else { s.setRet(t, Ret.ERESTARTNOINTR); nextPc = target(p, op.fail); }
      break;
    case 'unlock': {
      const i = s.indexOf(t, op.res);
      if (i < 0) s.setBad(Bad.UNLOCK_NOT_HELD, t, pc);
      else s.removeAt(t, i);
      break;
    }
    case 'get_active':
      if (s.deactivated(op.res)) { s.setRet(t, Ret.ENODEV); nextPc = target(p, op.fail); }
      else s.push(t, { res: op.res, trylock: true, read: true });
      break;
    case 'deactivate':
      s.deactivate(op.res);
      break;
    case 'drain':
      // lockdep: rwsem_acquire(&kn->dep_map, 0, 0) then rwsem_release() around the wait.
      recordDependencies(s, t, op.res);
      break;
    case 'if_block':
      if (op.states.includes(s.block(op.block))) {
        if (op.ret !== undefined) s.setRet(t, op.ret);
        nextPc = target(p, op.to);
      }
      break;
    case 'set_block':
      if (outcome === 1) s.setRet(t, op.mayFail!);
      else s.setBlock(op.block, op.state);
      break;
    case 'if_error':
      if (s.ret(t) !== Ret.OK) nextPc = target(p, op.to);
      break;
    case 'goto':
      nextPc = target(p, op.to);
      break;
    case 'restart':
      s.setRet(t, Ret.OK);
      nextPc = 0;
      break;
    case 'bug':
      s.setBug(t);
      nextPc = pc;
      break;
    case 'exit':
      if (s.depth(t) > 0) s.setBad(Bad.EXIT_HOLDING, t, pc);
      nextPc = p.steps.length;
      break;
  }
  s.setPc(t, nextPc);
  return true;
}
