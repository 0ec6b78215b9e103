# mqplan: plan, write and check network queue counts for unikernels.
#
# Targets:
#	all		build ./mqplan (default)
#	run		install missing packages (as root), build, run the main job
#			on the bundled example
#	check		the same set-up, then every test; warnings are errors;
#			as root (namespaces, tmpfs), with QEMU, clang and
#			the Nanos kernel
#	check-fast	the tests for the edit-compile-test loop: unit
#			suites, CLI goldens and every other test that needs
#			no root, QEMU, namespace, clang or Nanos (under 30 s)
#	bench		benchmarks; they print figures, they do not fail on them
#	fuzz		run each libFuzzer target for FUZZ_SECONDS (default 60)
#	lint		mandoc -T lint on the manual pages
#	aws-rows	rewrite platforms/aws/api_rows.inc from AWS_TYPES, the
#			output of `aws ec2 describe-instance-types`
#	eni-limits	rewrite platforms/aws/eni_limits.inc from ENI_LIMITS_GO,
#			a copy of amazon-vpc-resource-controller-k8s's
#			pkg/aws/vpc/limits.go at ENI_LIMITS_COMMIT
#	install		install under $(DESTDIR)$(PREFIX)
#	clean		remove what the build made
#
# Knobs (on the command line or in config.mak):
#	PREFIX=/usr/local	where install puts things
#	DESTDIR=		staging root for install
#	DEVELOPER=1		warnings are errors (make check and
#				check-fast set it)
#	FAST_JOBS=n		check-fast: tests at once (default: CPUs + 1)
#	SANITIZE=1		build with ASan and UBSan
#	V=1			show the commands
#	NODEPS=1		do not run tools/deps.sh (for offline packagers)
#	CFLAGS, CPPFLAGS, LDFLAGS	taken from the environment too
#				(dpkg-buildflags' in debian/rules)
#	AWS_TYPES=platforms/aws/api_rows.json	aws-rows: the files to read
#	AWS_ROWS_FROM="..."	aws-rows: where they came from (region,
#				date), named in every figure's source
#	NANOS_DIR=../shared/nanos	the Nanos kernel.img, boot.img, mkfs and dump
#				that check boots (tests/nanos/README.md);
#				check fails without them

PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man

CC	?= cc
PKGS	 = libcurl jansson yaml-0.1
CFLAGS	?= -O2 -g
WARNINGS = -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
	   -Wmissing-declarations -Wshadow -Wpointer-arith -Wcast-qual \
	   -Wsign-compare -Wformat=2 -Wundef -Wvla -Wwrite-strings
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	   -I. $(WARNINGS) $(CPPFLAGS) $(CFLAGS)
LDFLAGS	?=

-include config.mak

ifeq ($(DEVELOPER),1)
ALL_CFLAGS += -Werror
endif
ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

ifneq ($(V),1)
Q = @
QUIET_CC = @echo '   ' CC $@;
QUIET_LINK = @echo '   ' LINK $@;
endif

# pkg-config is asked only when a target builds something, so that `make
# clean` works before the packages are installed.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))
CHECK_CFLAGS = $(shell pkg-config --cflags check)
CHECK_LIBS = $(shell pkg-config --libs check)

# One version for --version, the Debian package and every copy of the
# tree, with or without its .git: the VERSION file.  debian/changelog
# carries the same (tests/deb/run.sh compares them).
VERSION := $(shell cat VERSION 2>/dev/null || echo unknown)

LIB_SRCS := $(wildcard common/*.c policy/*.c platforms/*.c platforms/*/*.c \
	    manifest/*.c)
CLI_SRCS := $(wildcard cli/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=obj/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=obj/%.o)
DRIVER_SRCS := $(wildcard driver/*.c)
DRIVER_OBJS := $(DRIVER_SRCS:%.c=obj/%.o)
VDEV_SRCS := $(wildcard tests/vdev/*.c)
VDEV_OBJS := $(VDEV_SRCS:%.c=obj/%.o)
TEST_SRCS := $(wildcard tests/check_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=obj/tests/%)
BENCH_BINS := obj/tests/bench/spawn obj/tests/bench/driver \
	   obj/tests/bench/rss obj/tests/bench/hostile

DEPS_STAMP = obj/.deps-done
ifeq ($(NODEPS),1)
DEPS_STAMP =
endif

FUZZ_SECONDS ?= 60
# Inputs up to 1 MiB reach the shapes that once blew validate up (issue
# 11); 256 MB is ten times what the locator needs for such an input under
# ASan, so a return of the blow-up is a crash, not a slow run.
FUZZ_FLAGS = -max_len=1048576 -rss_limit_mb=256 -malloc_limit_mb=256
FUZZ_CC = clang
FUZZ_TARGETS = obj/fuzz/fuzz_config obj/fuzz/fuzz_locate obj/fuzz/fuzz_metadata
FUZZ_SEEDS = tests/data/config tests/apply/cases tests/fuzz/regress \
	     tests/fuzz/metadata-seeds

.PHONY: all run check bench lint fuzz install uninstall clean deps FORCE \
	driver-freestanding aws-rows eni-limits check-fast

all: mqplan

# Every object depends on obj/.cflags, which changes when the flags do, so
# switching DEVELOPER or SANITIZE rebuilds everything (git's GIT-CFLAGS).
# The version is only in obj/.version, which only cli/main.o (--version)
# depends on.
obj/.cflags: FORCE
	@mkdir -p obj
	@echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS)' > obj/.cflags.new
	@cmp -s obj/.cflags.new obj/.cflags && rm -f obj/.cflags.new || \
	    mv obj/.cflags.new obj/.cflags
obj/.version: FORCE
	@mkdir -p obj
	@echo '$(VERSION)' > obj/.version.new
	@cmp -s obj/.version.new obj/.version && rm -f obj/.version.new || \
	    mv obj/.version.new obj/.version

obj/%.o: %.c obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

obj/cli/main.o: cli/main.c obj/.cflags obj/.version
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -MMD -MP \
	    -DMQPLAN_VERSION='"$(VERSION)"' -c -o $@ $<

obj/libmqplan.a: $(LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

mqplan: $(CLI_OBJS) obj/libmqplan.a
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Wl,--as-needed -o $@ \
	    $(CLI_OBJS) obj/libmqplan.a $(PKG_LIBS)

obj/tests/check_%: tests/check_%.c tests/check_main.h obj/libmqplan.a obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) \
	    -DTEST_DATA='"tests/data"' $(LDFLAGS) -o $@ $< obj/libmqplan.a \
	    $(PKG_LIBS) $(CHECK_LIBS)

# The metadata suite starts obj/tests/fakemeta (tests/fakes/spawn.h).
obj/tests/check_metadata: obj/tests/fakemeta tests/fakes/spawn.h

# The driver's suite runs it against the device model, not the library.
obj/tests/check_driver: tests/check_driver.c tests/check_main.h \
    $(DRIVER_OBJS) $(VDEV_OBJS) obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(DRIVER_OBJS) $(VDEV_OBJS) $(CHECK_LIBS)

obj/tests/bench/driver: tests/bench/driver.c $(DRIVER_OBJS) $(VDEV_OBJS) \
    obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(DRIVER_OBJS) \
	    $(VDEV_OBJS)

# The driver as a unikernel links it: no libc headers (only the compiler's
# own stdint.h, stddef.h, stdbool.h), no builtins turned into libc calls,
# one relocatable object whose only undefined symbols are the HAL's.
DRIVER_FS_CFLAGS = -std=c11 -ffreestanding -nostdinc \
	   -isystem $(shell $(CC) -print-file-name=include) \
	   -fno-builtin -fno-tree-loop-distribute-patterns \
	   -fno-stack-protector -fno-pic -fno-asynchronous-unwind-tables \
	   -I. $(WARNINGS) -O2
DRIVER_FS_OBJS := $(DRIVER_SRCS:driver/%.c=obj/freestanding/%.o)

obj/freestanding/%.o: driver/%.c obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(DRIVER_FS_CFLAGS) $(if $(filter 1,$(DEVELOPER)),-Werror) \
	    -MMD -MP -c -o $@ $<

obj/vnet-freestanding.o: $(DRIVER_FS_OBJS)
	$(QUIET_LINK)$(LD) -r -o $@ $(DRIVER_FS_OBJS)

driver-freestanding: obj/vnet-freestanding.o
	$(Q)inc=$$(grep -h '^#include <' $(DRIVER_SRCS) driver/*.h | \
	    grep -v -e '<stdint.h>' -e '<stddef.h>' -e '<stdbool.h>'); \
	    if [ -n "$$inc" ]; then echo "driver/ includes: $$inc"; exit 1; fi
	$(Q)undef=$$(nm -u obj/vnet-freestanding.o | awk '{print $$2}' | \
	    grep -v '^hal_'); \
	    if [ -n "$$undef" ]; then echo "driver/ needs: $$undef"; exit 1; fi; \
	    echo "driver: freestanding, undefined symbols only hal_*" \
	    "($$(nm -u obj/vnet-freestanding.o | wc -l) of them)"

# The x86 test guest QEMU boots, with the driver in it, and the host-side
# flow generator (tests/guest/README.md).  gcc -m32, no libc, no libgcc.
GUEST_DEPS := $(wildcard tests/guest/*.c tests/guest/*.S tests/guest/*.h) \
	   tests/guest/guest.ld tests/guest/build.sh $(DRIVER_SRCS) \
	   $(wildcard driver/*.h)

obj/guest/guest.elf: $(GUEST_DEPS)
	@mkdir -p obj/guest
	$(Q)GUEST_DRIVER=1 sh tests/guest/build.sh >obj/guest.log 2>&1 || \
	    { cat obj/guest.log; exit 1; }
	@echo '    GUEST $@'

# The write-failure shim is built without the sanitizers: it is preloaded
# into a binary that may or may not have them.
obj/tests/%.so: tests/fakes/%.c
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -shared -fPIC -O2 -Wall -Wextra -o $@ $< -ldl

# Fuzz targets build every library source with the fuzzer's coverage.
obj/fuzz/%: tests/fuzz/%.c $(LIB_SRCS) obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(FUZZ_CC) -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L \
	    -D_DEFAULT_SOURCE -I. -fsanitize=fuzzer,address,undefined \
	    $(PKG_CFLAGS) -o $@ $< $(LIB_SRCS) $(PKG_LIBS)

fuzz: $(DEPS_STAMP) $(FUZZ_TARGETS)
	$(Q)for t in $(FUZZ_TARGETS); do \
	    mkdir -p $$t.corpus; \
	    echo "$$t: $(FUZZ_SECONDS) s"; \
	    UBSAN_OPTIONS=halt_on_error=1 $$t -max_total_time=$(FUZZ_SECONDS) \
	        $(FUZZ_FLAGS) -print_final_stats=1 -artifact_prefix=obj/fuzz/ \
	        $$t.corpus $(FUZZ_SEEDS) >$$t.log 2>&1; \
	    rc=$$?; \
	    grep -E '^(stat::number_of_executed_units|stat::average_exec|SUMMARY|Done)' $$t.log; \
	    if [ $$rc -ne 0 ]; then echo "$$t: failed, see $$t.log"; exit 1; fi; \
	done

obj/tests/channels: tests/detect/channels.c obj/libmqplan.a obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< \
	    obj/libmqplan.a $(PKG_LIBS)

# EC2 rows from `aws ec2 describe-instance-types` output (README.md,
# "Refreshing the EC2 table"): the tool reads them with the --catalog
# reader; the rows are written to a new file and renamed into place.
AWS_TYPES ?= platforms/aws/api_rows.json
AWS_ROWS_FROM ?= aws-cli describe-instance-types example, \
	aws/aws-cli awscli/examples/ec2/describe-instance-types.rst

obj/tools/aws-rows: tools/aws-rows.c obj/libmqplan.a obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< \
	    obj/libmqplan.a $(PKG_LIBS)

# regen FILE,COMMAND: COMMAND's output replaces FILE only when it
# succeeds; then mqplan is rebuilt and the rows counted.
define regen
	$(Q)$(2) >$(1).new && mv $(1).new $(1) || { rm -f $(1).new; exit 1; }
	$(Q)$(MAKE) --no-print-directory mqplan
	@echo "$(1): $$(grep -c '^	{ "' $(1)) types"
endef

aws-rows: $(DEPS_STAMP) obj/tools/aws-rows
	$(call regen,platforms/aws/api_rows.inc,obj/tools/aws-rows \
	    -n '$(AWS_ROWS_FROM)' $(AWS_TYPES))

# EC2 network interface limits (README.md, "Refreshing the EC2 table"):
# the figures of a limits.go the user fetched, never the file itself.
eni-limits:
	$(Q)test -n '$(ENI_LIMITS_GO)' && test -n '$(ENI_LIMITS_COMMIT)' || \
	    { echo "make eni-limits ENI_LIMITS_GO=FILE ENI_LIMITS_COMMIT=C"; \
	    exit 2; }
	$(call regen,platforms/aws/eni_limits.inc,sh tools/eni-limits.sh \
	    '$(ENI_LIMITS_GO)' '$(ENI_LIMITS_COMMIT)')

# mqplan with rows generated from the test catalogs instead, for
# tests/tools/aws-rows.sh: the rows must say what --catalog says.
ROWS_FIXTURES = tests/data/catalog/aws-instance-types.json \
	tests/data/catalog/aws-ena-derived.json \
	tests/data/catalog/aws-network-cards.json
obj/tests/rows/platforms/aws/api_rows.inc: obj/tools/aws-rows $(ROWS_FIXTURES)
	@mkdir -p $(dir $@)
	$(Q)obj/tools/aws-rows -n 'test fixtures' $(ROWS_FIXTURES) >$@.new && \
	    mv $@.new $@
obj/tests/rows/instance_type.o: platforms/aws/instance_type.c \
    obj/tests/rows/platforms/aws/api_rows.inc obj/.cflags
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -iquote obj/tests/rows \
	    -MMD -MP -c -o $@ $<
obj/tests/rows/mqplan: $(CLI_OBJS) obj/tests/rows/instance_type.o \
    $(filter-out obj/platforms/aws/instance_type.o,$(LIB_OBJS))
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

obj/tests/detect_loop: tests/bench/detect_loop.c obj/libmqplan.a obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< \
	    obj/libmqplan.a $(PKG_LIBS)

# The Nanos tier (tests/nanos/README.md): the ops-to-manifest converter,
# and the image's program, static because the image carries no libraries
# (and built without the sanitizers, which it could not load there).
obj/tests/opsman: tests/nanos/opsman.c obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(PKG_LIBS)

obj/tests/nanos/hold: tests/nanos/hold.c
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<

obj/tests/fakemeta: tests/fakes/fakemeta.c obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

obj/tests/bench/%: tests/bench/%.c obj/.cflags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

deps: obj/.deps-done
obj/.deps-done: tools/deps.sh
	$(Q)sh tools/deps.sh
	@mkdir -p obj && touch $@

run: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory mqplan
	./mqplan plan --platform gcp --machine-type n2-standard-32 --nic gvnic \
	    --nics 2 --policy examples/policy.yaml --explain
	./mqplan plan --platform aws --instance-type c5n.18xlarge --explain

# What the fast tier runs (tests/run-fast.sh holds its list of scripts)
# and builds; make check runs it first, then the tests that need root,
# QEMU, namespaces, clang or the Nanos kernel.
FAST_BINS = mqplan $(TEST_BINS) obj/tests/fakemeta obj/tests/bench/rss \
	    obj/tests/bench/hostile obj/tools/aws-rows obj/tests/rows/mqplan

check-fast: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory DEVELOPER=1 $(FAST_BINS)
	$(Q)$(MAKE) --no-print-directory DEVELOPER=1 driver-freestanding
	$(Q)SANITIZE=$(SANITIZE) sh tests/run-fast.sh ./mqplan $(TEST_BINS)
	$(Q)$(MAKE) --no-print-directory lint

check: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory check-fast
	$(Q)$(MAKE) --no-print-directory DEVELOPER=1 obj/tests/failio.so \
	    obj/tests/nosocket.so obj/tests/channels
	$(Q)sh tests/apply/safe.sh ./mqplan obj/tests/failio.so
	$(Q)sh tests/apply/files.sh ./mqplan
	$(Q)sh tests/detect/run.sh ./mqplan
	$(Q)sh tests/detect/channels.sh
	$(Q)sh tests/cli/nofull.sh ./mqplan
	$(Q)sh tests/deb/run.sh ./mqplan
	$(Q)$(MAKE) --no-print-directory obj/guest/guest.elf
	$(Q)sh tests/guest/matrix.sh ./mqplan
	$(Q)$(MAKE) --no-print-directory DEVELOPER=1 obj/tests/opsman \
	    obj/tests/nanos/hold
	$(Q)sh tests/nanos/opsman.sh
	$(Q)sh tests/nanos/matrix.sh ./mqplan
	$(Q)$(MAKE) --no-print-directory $(FUZZ_TARGETS)
	$(Q)for t in $(FUZZ_TARGETS); do \
	    UBSAN_OPTIONS=halt_on_error=1 $$t -runs=0 $(FUZZ_FLAGS) $(FUZZ_SEEDS) \
	        >obj/fuzz/seeds.log 2>&1 || \
	    { cat obj/fuzz/seeds.log; exit 1; }; \
	done; echo "fuzz: seed corpus replayed on $(words $(FUZZ_TARGETS)) targets"

lint:
	$(Q)out=$$(mandoc -T lint -W warning man/*.[0-9] 2>&1); \
	    if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
	    echo "mandoc -T lint: man pages clean"

bench: $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory mqplan $(BENCH_BINS) obj/tests/fakemeta \
	    obj/tests/detect_loop
	$(Q)sh tests/bench/plan.sh ./mqplan
	$(Q)sh tests/bench/manifest.sh ./mqplan
	$(Q)sh tests/bench/validate.sh ./mqplan
	$(Q)sh tests/bench/detect.sh ./mqplan
	$(Q)sh tests/bench/driver.sh
	$(Q)$(MAKE) --no-print-directory obj/guest/guest.elf
	$(Q)sh tests/bench/guest.sh

# Where packagers expect things; each may be overridden.
DATADIR	 = $(PREFIX)/share
DOCDIR	 = $(DATADIR)/doc/mqplan
BASHCOMPDIR = $(DATADIR)/bash-completion/completions
ZSHCOMPDIR = $(DATADIR)/zsh/site-functions
FISHCOMPDIR = $(DATADIR)/fish/vendor_completions.d
EXAMPLES = $(wildcard examples/*)

# The completion scripts come from the command table (mqplan completion).
obj/completion/mqplan: mqplan
	@mkdir -p $(dir $@)
	$(Q)./mqplan completion bash >$@.tmp && mv $@.tmp $@
obj/completion/_mqplan: mqplan
	@mkdir -p $(dir $@)
	$(Q)./mqplan completion zsh >$@.tmp && mv $@.tmp $@
obj/completion/mqplan.fish: mqplan
	@mkdir -p $(dir $@)
	$(Q)./mqplan completion fish >$@.tmp && mv $@.tmp $@

install: mqplan obj/completion/mqplan obj/completion/_mqplan \
    obj/completion/mqplan.fish
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man4 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(DOCDIR)/examples
	install -m 755 mqplan $(DESTDIR)$(BINDIR)/mqplan
	install -m 644 man/mqplan.1 $(DESTDIR)$(MANDIR)/man1/mqplan.1
	install -m 644 man/mqplan-driver.4 \
	    $(DESTDIR)$(MANDIR)/man4/mqplan-driver.4
	install -m 644 man/mqplan-policy.5 \
	    $(DESTDIR)$(MANDIR)/man5/mqplan-policy.5
	install -m 644 obj/completion/mqplan $(DESTDIR)$(BASHCOMPDIR)/mqplan
	install -m 644 obj/completion/_mqplan $(DESTDIR)$(ZSHCOMPDIR)/_mqplan
	install -m 644 obj/completion/mqplan.fish \
	    $(DESTDIR)$(FISHCOMPDIR)/mqplan.fish
	install -m 644 README.md CHANGELOG.md $(DESTDIR)$(DOCDIR)
	install -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples

# Removes what install put there; with DESTDIR, also the directories it
# left empty, so that a staging tree ends as it began.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mqplan $(DESTDIR)$(MANDIR)/man1/mqplan.1 \
	    $(DESTDIR)$(MANDIR)/man4/mqplan-driver.4 \
	    $(DESTDIR)$(MANDIR)/man5/mqplan-policy.5 \
	    $(DESTDIR)$(BASHCOMPDIR)/mqplan $(DESTDIR)$(ZSHCOMPDIR)/_mqplan \
	    $(DESTDIR)$(FISHCOMPDIR)/mqplan.fish \
	    $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/CHANGELOG.md \
	    $(EXAMPLES:examples/%=$(DESTDIR)$(DOCDIR)/examples/%)
	-rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null
	$(Q)if [ -n "$(DESTDIR)" ] && [ -d "$(DESTDIR)" ]; then \
	    find "$(DESTDIR)" -mindepth 1 -depth -type d -empty -delete; fi

clean:
	rm -rf obj mqplan

-include $(shell find obj -name '*.d' 2>/dev/null)
