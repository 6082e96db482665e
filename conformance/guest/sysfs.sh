#!/bin/sh
# sysfs.sh: the files `hpcheck layout import --sysfs` reads, one line each, so a recorded run
# keeps a copy of /sys/devices/system/{memory,node} (the same files as the tar command of
# docs/walkthrough.md). "F path<TAB>content" for a file, "L path<TAB>target" for a link.
cd /sys/devices/system || exit 1
T=$(printf '\t')
f() { [ -f "$1" ] && echo "F $1$T$(cat "$1")"; }
l() { [ -L "$1" ] && echo "L $1$T$(readlink "$1")"; }
f memory/block_size_bytes
f memory/auto_online_blocks
for m in memory/memory*; do
  f $m/state; f $m/phys_index; f $m/valid_zones
  for x in $m/node* $m/firmware_node; do l $x; done
done
for x in possible online has_cpu has_memory has_normal_memory; do f node/$x; done
for d in node/node*; do
  f $d/cpulist
  for x in $d/memory*; do l $x; done
done
exit 0
