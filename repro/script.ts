/**
 * writeRepro() - the repro directory: qemu.sh (the QEMU command line), host.sh N (step N's
 * QEMU monitor commands), guest.sh N (step N's sysfs writes and checks in the guest, ending
 * with a PASS/FAIL line) and README.md (the story, with the steps QEMU cannot perform marked).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BLOCK_SIZE, MiB, placeDimms, type DimmOp } from '../conformance/machine.ts';
import { qemuArgs } from '../conformance/qemu.ts';
import { stepText, type Step } from '../conformance/sequence.ts';
import { stepChecks, type Check } from './checks.ts';
import type { Plan, PlanStep } from './plan.ts';
import type { Prediction } from './predict.ts';

export interface StepScript {
  readonly step: PlanStep;
  /** QEMU monitor (HMP) commands, run on the host. */
  readonly host: readonly string[];
  /** Guest shell lines: waits and sysfs writes. */
  readonly guest: readonly string[];
  readonly checks: readonly Check[];
  /** The errno the profile predicts for a sysfs write ("" for success). */
  readonly errno: string;
}

const MEM = '/sys/devices/system/memory';

/** Guest block numbers of each DIMM as placed at each add, in step order. */
function dimmBlocks(plan: Plan): Map<PlanStep, number[]> {
  const ops: DimmOp[] = plan.seq.steps.flatMap((s): DimmOp[] => (s.op === 'add' ? [{ op: 'add', name: s.dimm, node: s.node, size: s.size }] : s.op === 'remove' ? [{ op: 'remove', name: s.dimm }] : []));
  const placed = placeDimms(ops, plan.machine.coldDimms);
  const current = new Map<string, number[]>();
  let next = 0;
  const blocksOf = (i: number): number[] => { const p = placed[i]!; return Array.from({ length: p.size / BLOCK_SIZE }, (_, k) => p.start / BLOCK_SIZE + k); };
  for (const c of plan.machine.coldDimms ?? []) current.set(c.name, blocksOf(next++));
  const out = new Map<PlanStep, number[]>();
  for (const s of plan.steps) {
    const op = s.op;
    if (!op) continue;
    if (op.op === 'add') current.set(op.dimm, blocksOf(next++));
    if (op.op === 'add' || op.op === 'remove') out.set(s, current.get(op.dimm) ?? []);
    else if (op.block === undefined) out.set(s, []);
    else out.set(s, 'block' in op.block ? [op.block.block] : [(current.get(op.block.dimm) ?? [])[op.block.index]!]);
  }
  return out;
}

function hostCommands(op: Step): string[] {
  if (op.op === 'add') return [`object_add memory-backend-ram,id=mem-${op.dimm},size=${op.size / MiB}M`, `device_add pc-dimm,id=dimm-${op.dimm},memdev=mem-${op.dimm},node=${op.node}`];
  if (op.op === 'remove') return [`device_del dimm-${op.dimm}`, `object_del mem-${op.dimm}`];
  return [];
}

function guestLines(op: Step, blocks: readonly number[]): string[] {
  const all = (neg: string) => blocks.map((b) => `[ ${neg}-d ${MEM}/memory${b} ]`).join(' && ');
  if (op.op === 'add') return [`wait_until '${all('')}'`];
  if (op.op === 'remove') return [`wait_until '${all('! ')}'`];
  if (op.op === 'read') return [op.what === 'kpageflags' ? 'dd if=/proc/kpageflags of=/dev/null bs=4096' : `cat ${MEM}/memory${blocks[0]}/${op.what}`];
  return [`write ${op.value} ${MEM}/memory${blocks[0]}/state`];
}

/** scriptSteps() - each step's host commands, guest lines and checks. */
export function scriptSteps(plan: Plan, predictions: readonly (Prediction | null)[]): StepScript[] {
  const blocks = dimmBlocks(plan);
  let prev: Prediction | null = null;
  return plan.steps.map((s, i) => {
    const p = predictions[i] ?? null;
    const b = blocks.get(s) ?? [];
    const checks = p ? stepChecks(prev, p, new Set(b)) : [];
    if (p) prev = p;
    return { step: s, host: s.op ? hostCommands(s.op) : [], guest: s.op ? guestLines(s.op, b) : [], checks, errno: p?.errno ?? '' };
  });
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function guestScript(plan: Plan, steps: readonly StepScript[], profile: string): string {
  const fn = steps.map((s) => {
    const head = `step_${s.step.index}() {\n  echo "== step ${s.step.index}: ${s.step.actions.join('; ').replace(/"/g, '')}"`;
    if (s.step.unsupported) return `${head}\n  echo "NOT PERFORMED step ${s.step.index}: " ${q(s.step.unsupported)}\n}`;
    const host = s.host.length ? `  # on the host first: sh host.sh ${s.step.index}   (${s.host.join('; ')})\n` : '';
    const errno = s.step.op?.op === 'state' ? `  expect_errno ${q(s.errno || '0')}\n` : '';
    return `${head}\n${host}${s.guest.map((l) => `  ${l}\n`).join('')}${errno}${s.checks.map((c) => `  check ${q(c.says)} ${q(c.test)}\n`).join('')}  verdict ${s.step.index}\n}`;
  });
  return `#!/bin/sh
# guest.sh N: step N of the repro of ${plan.trace.source}, run inside the guest (busybox sh is
# enough). Each check is what ${profile} predicts; the last line is PASS or FAIL for the step.
fails=0; errno=0; only=0
# guest.sh --checks N: the checks of step N alone, the step already done (hpcheck repro --run
# performs it through QEMU and the harness, and passes the errno it got in ERRNO).
if [ "$1" = --checks ]; then only=1; shift; fi
check() { if sh -c "$2"; then echo "  ok    $1"; else echo "  DIFF  $1: not so"; fails=$((fails+1)); fi; }
wait_until() { i=0; until sh -c "$1"; do i=$((i+1)); [ $i -gt 150 ] && break; sleep 0.2; done; }
write() {
  if [ $only = 1 ]; then errno=\${ERRNO:-0}; echo "  echo $1 > $2: \${errno} (done by hpcheck)"; return; fi
  if echo "$1" > "$2" 2>/tmp/repro.err; then errno=0; else errno=$(sed 's/.*: //' /tmp/repro.err); fi; echo "  echo $1 > $2: \${errno}"
}
expect_errno() {
  case "$errno" in Invalid*) e=EINVAL;; Device*) e=EBUSY;; File*) e=EEXIST;; Out*) e=ENOMEM;; "No such device"*) e=ENXIO;; *) e=$errno;; esac
  if [ "$1" = "$e" ]; then echo "  ok    the write returns $1"; else echo "  DIFF  the write returns $e, not $1"; fails=$((fails+1)); fi
}
verdict() { if [ $fails -eq 0 ]; then echo "PASS step $1: as ${profile} predicts"; else echo "FAIL step $1: $fails check(s) differ from ${profile}"; fi; fails=0; }
${fn.join('\n')}
[ $# -eq 0 ] && set -- ${steps.map((s) => s.step.index).join(' ')}
for n in "$@"; do step_$n; done
`;
}

function hostScript(steps: readonly StepScript[]): string {
  const cases = steps.filter((s) => s.host.length > 0).map((s) => {
    const cmds = s.host.map((h) => (h.startsWith('object_del') ? `  sleep 2; hmp ${q(h)}` : `  hmp ${q(h)}`)).join('\n');
    return `${s.step.index})\n${cmds}\n  ;;`;
  });
  return `#!/bin/sh
# host.sh N: the QEMU monitor commands of step N (HMP on monitor.sock, through socat), then run
# "sh guest.sh N" in the guest.
cd "$(dirname "$0")"
hmp() { echo "(qemu) $1"; printf '%s\\n' "$1" | socat - UNIX-CONNECT:monitor.sock | grep -v '^QEMU\\|^(qemu)' || true; }
case "$1" in
${cases.join('\n')}
*) echo "step $1 has no QEMU monitor commands" ;;
esac
`;
}

function qemuScript(plan: Plan): string {
  const args = qemuArgs(plan.machine, '$KERNEL', '$INITRD', '.', '.')
    .filter((a, i, all) => !['-pidfile', '-chardev', '-serial', '-mon'].includes(a) && !['-pidfile', '-chardev', '-serial', '-mon'].includes(all[i - 1] ?? ''));
  const quoted = args.map((a) => (a.startsWith('$') ? `"${a}"` : /[\s,=]/.test(a) ? q(a) : a));
  return `#!/bin/sh
# The QEMU machine of the repro. KERNEL: a bzImage with MEMORY_HOTPLUG, MEMORY_HOTREMOVE,
# ACPI_HOTPLUG_MEMORY, NUMA and ACPI_NUMA built in; INITRD: an initramfs with a shell and
# guest.sh (hpcheck repro --run builds one). The console is on stdio; the QEMU monitor on
# monitor.sock, for host.sh.
cd "$(dirname "$0")"
KERNEL=\${KERNEL:?set KERNEL to a bzImage}
INITRD=\${INITRD:?set INITRD to an initramfs}
exec qemu-system-x86_64 ${quoted.join(' ')} \\
  -serial stdio -monitor unix:monitor.sock,server=on,wait=off
`;
}

function readme(plan: Plan, steps: readonly StepScript[], profile: string): string {
  const t = plan.trace;
  const rows = steps.map((s) => `| ${s.step.index} | ${s.step.actions.map((a) => `\`${a}\``).join(', ')} | ${s.step.unsupported ? `**not performed**: ${s.step.unsupported}` : s.step.op ? `\`${stepText(s.step.op)}\`` : 'boot'} |`);
  return `# Repro of ${t.source}

${t.property} on ${t.kernel}${t.patches.length ? ` with ${t.patches.join(', ')}` : ''}: ${t.message}

Layout \`${t.layout.name}\` as a QEMU pc machine:

${plan.notes.map((n) => `- ${n}`).join('\n')}

| step | trace actions | on QEMU |
|---|---|---|
${rows.join('\n')}

The checks in guest.sh are what ${profile} predicts after each step.

    KERNEL=bzImage INITRD=initramfs.cpio.gz sh qemu.sh     # boot; then for each step N:
    sh host.sh N                                           # on the host: QEMU monitor commands
    sh guest.sh N                                          # in the guest: writes, checks, PASS/FAIL

or let hpcheck do all of it: \`npx hpcheck repro ${t.source} --run [--kernel-image bzImage]\`.
`;
}

/** writeRepro() - write the directory; return the step scripts (for --run and the tests). */
export function writeRepro(dir: string, plan: Plan, predictions: readonly (Prediction | null)[], profile: string): StepScript[] {
  const steps = scriptSteps(plan, predictions);
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['qemu.sh', qemuScript(plan)], ['host.sh', hostScript(steps)], ['guest.sh', guestScript(plan, steps, profile)], ['README.md', readme(plan, steps, profile)],
  ];
  for (const [name, text] of files) {
    writeFileSync(join(dir, name), text);
    if (name.endsWith('.sh')) chmodSync(join(dir, name), 0o755);
  }
  return steps;
}
