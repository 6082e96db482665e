#!/bin/sh
# snap.sh: one greppable line per sysfs object of memory hotplug (hpcheck conformance).
S=/sys/devices/system
echo "G block_size_bytes=$(cat $S/memory/block_size_bytes) auto_online_blocks=$(cat $S/memory/auto_online_blocks)"
echo "G possible=$(cat $S/node/possible) online=$(cat $S/node/online) has_cpu=$(cat $S/node/has_cpu) has_memory=$(cat $S/node/has_memory) has_normal_memory=$(cat $S/node/has_normal_memory)"
for m in $S/memory/memory*; do
  n=${m##*/memory}
  links=""
  for l in $m/node*; do [ -e "$l" ] || [ -L "$l" ] || continue; links="$links ${l##*/}"; done
  echo "B $n state=$(cat $m/state) phys_index=$(cat $m/phys_index) valid_zones=$(cat $m/valid_zones | tr ' ' ,) nodes=$(echo $links | tr ' ' ,)"
done
for d in $S/node/node*; do
  k=${d##*/node}
  links=""
  for l in $d/memory*; do [ -L "$l" ] || continue; links="$links ${l##*/memory}"; done
  echo "N $k cpulist=$(cat $d/cpulist) memory=$(echo $links | tr ' ' ,)"
done
awk '/^Node/ { node=$2; sub(",", "", node); zone=$4 }
     $1 == "spanned" { spanned=$2 }
     $1 == "present" { present=$2 }
     $1 == "managed" { managed=$2 }
     $1 == "start_pfn:" { if (spanned > 0) print "Z", node, zone, $2, spanned, present, managed }' /proc/zoneinfo
