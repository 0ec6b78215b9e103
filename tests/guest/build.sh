#!/bin/sh
# Builds the x86 test guest, obj/guest/guest.elf, a 32-bit multiboot ELF
# that QEMU boots with -kernel.  Freestanding: gcc -m32 with no libc and
# no libgcc, so neither gcc-multilib nor libc6-dev-i386 is needed.
#
#	tests/guest/build.sh			the smoke guest
#	GUEST_DRIVER=1 tests/guest/build.sh	with driver/*.c and echo.c
#
# Also builds the host side with the ordinary compiler: obj/guest/flows,
# and obj/guest/json_test, which it runs.
# Run from the top of the tree.  CC, HOSTCC, OUT and EXTRA_CFLAGS may be
# set.
set -eu

CC=${CC:-gcc}
HOSTCC=${HOSTCC:-cc}
LD=${LD:-ld}
OUT=${OUT:-obj/guest}
GUEST_DRIVER=${GUEST_DRIVER:-0}

CFLAGS="-m32 -march=i686 -ffreestanding -nostdlib -fno-pic -fno-pie \
-fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only \
-O2 -g -std=c11 -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
-Wmissing-declarations -Wshadow -Wpointer-arith -Wcast-qual -Wsign-compare \
-Wformat=2 -Wundef -Wvla -Wwrite-strings -Werror ${EXTRA_CFLAGS:-}"

srcs="entry.S trampoline.S isr.S main.c smoke.c serial.c printf.c exit.c \
libc.c tsc.c idt.c lapic.c smp.c pci.c fwcfg.c json.c manifest.c dma.c hal.c"

mkdir -p "$OUT/driver"
objs=
for s in $srcs; do
	o="$OUT/${s%.*}.o"
	$CC $CFLAGS -c "tests/guest/$s" -o "$o"
	objs="$objs $o"
done
if [ "$GUEST_DRIVER" = 1 ]; then
	CFLAGS="$CFLAGS -DGUEST_DRIVER"
	# main.c calls echo_run() only in this build.
	$CC $CFLAGS -c tests/guest/main.c -o "$OUT/main.o"
	$CC $CFLAGS -c tests/guest/echo.c -o "$OUT/echo.o"
	objs="$objs $OUT/echo.o"
	for s in driver/*.c; do
		o="$OUT/driver/$(basename "${s%.c}").o"
		$CC $CFLAGS -c "$s" -o "$o"
		objs="$objs $o"
	done
fi
$LD -m elf_i386 -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
    -T tests/guest/guest.ld -o "$OUT/guest.elf" $objs
$HOSTCC -O2 -g -Wall -Wextra -Werror -o "$OUT/flows" tests/guest/flows.c
# The manifest reader is plain C: check it on the host before booting.
$HOSTCC -O2 -g -Wall -Wextra -Werror -o "$OUT/json_test" \
    tests/guest/json_test.c tests/guest/json.c
"$OUT/json_test"
echo "built $OUT/guest.elf (GUEST_DRIVER=$GUEST_DRIVER) and $OUT/flows"
