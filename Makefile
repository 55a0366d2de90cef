# credatlas - credential-surface inventory scanner.
#
#   make scan    install deps, build, scan your home -> credatlas-report.json
#   make check   install deps, build, run every test and the static checks
#                (make lint), then the tests again under ASan+UBSan
#   make lint    headers stand alone, cppcheck, clang-tidy (HACKING.md, Tooling)
#   make bench   tree, image and git history benches (scripts/bench_all.sh;
#                pick one or pass options: BENCH_ARGS="image --runs 5")
#
# Libraries come from the system through pkg-config; nothing is vendored.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man

CC      ?= cc
PKGS     = libhs libpcre2-8 libgit2 sqlite3 jansson libcurl yaml-0.1 \
           libarchive inih libxml-2.0 libcrypto zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# Optional: valgrind's client requests, so that a run under memcheck uses
# PCRE2's interpreter (engine.c, ca_rules_jit()). Header only, no library.
PKG_CFLAGS += $(shell pkg-config --exists valgrind 2>/dev/null && \
    echo -DCA_HAVE_VALGRIND $$(pkg-config --cflags valgrind))

WARN     = -Wall -Wextra -Werror -Wformat=2 -Wformat-security \
           -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition \
           -Wvla -Wwrite-strings -Wpointer-arith -Wshadow -fno-common
OPT     ?= -O2
CFLAGS  ?=
ALL_CFLAGS = -std=c11 $(OPT) -g $(WARN) -I. $(PKG_CFLAGS) -pthread $(CFLAGS)
ALL_LDFLAGS = -pthread $(LDFLAGS)
LIBS     = $(PKG_LIBS) -lm

# SANITIZE=1 builds into build/asan with AddressSanitizer and UBSan.
ifeq ($(SANITIZE),1)
B        = build/asan
ALL_CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer
ALL_LDFLAGS += -fsanitize=address,undefined
OPT      = -O1
else
B       ?= build/release
endif

# Every .c below lib/, scanners/ and report/, at any depth. Object files
# keep their folder, but ar keeps only base names: two sources may not share
# one (check-layering says so).
CORE_SRCS = $(sort $(shell find lib scanners report -name '*.c'))
CLI_SRCS  = $(sort $(wildcard cli/*.c))
CORE_OBJS = $(CORE_SRCS:%.c=$(B)/%.o)
CLI_OBJS  = $(CLI_SRCS:%.c=$(B)/%.o)
UNIT_SRCS = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
TOOL_SRCS = $(sort $(wildcard tests/tools/*.c))
TOOL_BINS = $(TOOL_SRCS:tests/tools/%.c=$(B)/tools/%)
FUZZ_SRCS = $(sort $(wildcard tests/fuzz/fuzz_*.c))

BIN = $(B)/credatlas

.PHONY: all deps deps-test scan check check-build check-unit check-e2e \
        check-man check-layering check-valgrind check-asan check-fuzz install uninstall bench fuzz \
        clean format check-format lint check-headers cppcheck tidy

all: $(BIN)

deps:
	@sh scripts/deps.sh

deps-test:
	@sh scripts/deps.sh --test

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# The built-in verifier table, data/verifiers.json, compiled in as bytes
# with od and sed, so nothing has to be built to generate it.
GEN_VERIFIERS = { echo '/* generated from data/verifiers.json */'; \
	echo '\#include <stddef.h>'; \
	echo 'extern const unsigned char ca_verifiers_json[];'; \
	echo 'extern const size_t ca_verifiers_json_len;'; \
	echo 'const unsigned char ca_verifiers_json[] = {'; \
	od -An -v -tx1 data/verifiers.json | \
	    sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	echo '0x00 };'; \
	echo 'const size_t ca_verifiers_json_len ='; \
	echo '    sizeof(ca_verifiers_json) - 1;'; }

# The known public test values (scanners/rules/known.c), compiled in the
# same way; scripts/gen-known-values.py regenerates the table.
GEN_KNOWN = { echo '/* generated from data/known_test_values.tsv */'; \
	echo '\#include <stddef.h>'; \
	echo 'extern const unsigned char ca_known_values_tsv[];'; \
	echo 'extern const size_t ca_known_values_tsv_len;'; \
	echo 'const unsigned char ca_known_values_tsv[] = {'; \
	od -An -v -tx1 data/known_test_values.tsv | \
	    sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	echo '0x00 };'; \
	echo 'const size_t ca_known_values_tsv_len ='; \
	echo '    sizeof(ca_known_values_tsv) - 1;'; }

$(B)/gen/verifiers_data.c: data/verifiers.json
	@mkdir -p $(dir $@)
	@$(GEN_VERIFIERS) >$@.tmp && mv $@.tmp $@

$(B)/gen/verifiers_data.o: $(B)/gen/verifiers_data.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/gen/known_values_data.c: data/known_test_values.tsv
	@mkdir -p $(dir $@)
	@$(GEN_KNOWN) >$@.tmp && mv $@.tmp $@

$(B)/gen/known_values_data.o: $(B)/gen/known_values_data.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libcredatlas.a: $(CORE_OBJS) $(B)/gen/verifiers_data.o \
    $(B)/gen/known_values_data.o
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJS) $(B)/libcredatlas.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(B)/libcredatlas.a $(LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/unit.h $(B)/libcredatlas.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libcredatlas.a $(LIBS) \
	    $(shell pkg-config --libs cmocka) $(ALL_LDFLAGS)

# test_cli also links the CLI modules it tests.
TEST_CLI_OBJS = $(B)/cli/opts.o $(B)/cli/output.o
$(B)/tests/test_cli: tests/unit/test_cli.c tests/unit/unit.h \
    $(TEST_CLI_OBJS) $(B)/libcredatlas.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(TEST_CLI_OBJS) $(B)/libcredatlas.a \
	    $(LIBS) $(shell pkg-config --libs cmocka) $(ALL_LDFLAGS)

$(B)/tools/%: tests/tools/%.c $(B)/libcredatlas.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libcredatlas.a $(LIBS) $(ALL_LDFLAGS)

-include $(CORE_OBJS:.o=.d) $(CLI_OBJS:.o=.d)

# The main job: scan the invoking user's home.
scan: deps
	@$(MAKE) --no-print-directory all
	$(BIN) scan -o credatlas-report.json

check: deps-test
	@$(MAKE) --no-print-directory check-build
	@$(MAKE) --no-print-directory check-unit check-e2e check-man check-layering
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory check-valgrind
	@$(MAKE) --no-print-directory check-asan
	@$(MAKE) --no-print-directory check-fuzz

check-build: $(BIN) $(UNIT_BINS) $(TOOL_BINS)

check-unit: $(UNIT_BINS)
	@sh tests/run-unit.sh $(UNIT_BINS)

check-e2e: $(BIN) $(TOOL_BINS)
	@CREDATLAS=$(abspath $(BIN)) TOOLS=$(abspath $(B)/tools) \
	    sh tests/e2e/run.sh

check-man:
	@sh tests/check-man.sh $(BIN)

check-layering:
	@sh tests/check-layering.sh

# The same unit and end-to-end tests, built with ASan and UBSan.
# The memcheck pass: the e2e suite's main path under valgrind, failing on
# any memory error or definite leak (tests/valgrind/run.sh says what runs).
check-valgrind: $(BIN) $(TOOL_BINS)
	@CREDATLAS=$(abspath $(BIN)) TOOLS=$(abspath $(B)/tools) \
	    sh tests/valgrind/run.sh

check-asan:
	@$(MAKE) --no-print-directory SANITIZE=1 check-build
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 $(MAKE) --no-print-directory SANITIZE=1 check-unit check-e2e

# Fuzz targets: the library is compiled once with clang's fuzzer
# instrumentation (no main), then each harness links against it.
FUZZ_CFLAGS = -std=c11 -O1 -g -I. $(PKG_CFLAGS) -pthread \
              -fsanitize=fuzzer-no-link,address,undefined -DCA_FUZZ
FUZZ_OBJS   = $(CORE_SRCS:%.c=build/fuzz/obj/%.o)
FUZZ_BINS   = $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

# A changed header rebuilds the fuzz objects that include it: a stale one
# with an old struct layout crashes every harness.
-include $(FUZZ_OBJS:.o=.d)

build/fuzz/gen/verifiers_data.c: data/verifiers.json
	@mkdir -p $(dir $@)
	@$(GEN_VERIFIERS) >$@.tmp && mv $@.tmp $@

build/fuzz/obj/gen/verifiers_data.o: build/fuzz/gen/verifiers_data.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c $< -o $@

build/fuzz/gen/known_values_data.c: data/known_test_values.tsv
	@mkdir -p $(dir $@)
	@$(GEN_KNOWN) >$@.tmp && mv $@.tmp $@

build/fuzz/obj/gen/known_values_data.o: build/fuzz/gen/known_values_data.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c $< -o $@

build/fuzz/libcredatlas-fuzz.a: $(FUZZ_OBJS) build/fuzz/obj/gen/verifiers_data.o \
    build/fuzz/obj/gen/known_values_data.o
	@rm -f $@
	ar rcs $@ $^

build/fuzz/%: tests/fuzz/%.c build/fuzz/libcredatlas-fuzz.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -MF $@.d -o $@ $< \
	    build/fuzz/libcredatlas-fuzz.a $(LIBS)

-include $(FUZZ_BINS:=.d)

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

# Every harness builds and survives a short run (seconds each, not a
# campaign: `build/fuzz/fuzz_X -max_total_time=600` for that).
check-fuzz: fuzz
	@pass=0; fail=0; for f in $(FUZZ_BINS); do \
	    if $$f -max_total_time=3 -rss_limit_mb=2048 >build/fuzz/$$(basename $$f).log 2>&1; \
	    then pass=$$((pass + 1)); \
	    else fail=$$((fail + 1)); echo "FAIL $$f"; tail -20 build/fuzz/$$(basename $$f).log; fi; \
	done; echo "fuzz: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

bench: deps-test
	@$(MAKE) --no-print-directory all
	@sh scripts/bench_all.sh $(BENCH_ARGS)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/credatlas
	install -m 0644 man/credatlas.1 $(DESTDIR)$(MANDIR)/man1/credatlas.1
	install -m 0644 man/credatlas-db.5 $(DESTDIR)$(MANDIR)/man5/credatlas-db.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/credatlas $(DESTDIR)$(MANDIR)/man1/credatlas.1 \
	    $(DESTDIR)$(MANDIR)/man5/credatlas-db.5

# Every C file of the tree, tests included; .clang-format says how.
FORMAT_FILES = $(sort $(shell find lib scanners report cli tests \
                 -name '*.[ch]'))

format:
	clang-format -i $(FORMAT_FILES)

# Part of lint: the tree was reformatted once, and stays so.
check-format:
	@clang-format --dry-run -Werror $(FORMAT_FILES)

# Static checks, configured in .clang-tidy and tests/cppcheck.* (HACKING.md,
# Tooling, says why each disabled check is off). Results are cached under
# build/lint: clang-tidy reruns only for a source whose file, headers or
# .clang-tidy changed, and cppcheck keeps its own per-file cache.
LINT_CFLAGS = -std=c11 -I. $(PKG_CFLAGS) -pthread
LINT_SRCS   = $(CORE_SRCS) $(CLI_SRCS)
TIDY_STAMPS = $(LINT_SRCS:%.c=build/lint/%.tidy)

lint: check-format check-headers cppcheck tidy

check-headers:
	@CC="$(CC)" CFLAGS="$(LINT_CFLAGS) $(WARN)" sh tests/check-headers.sh

cppcheck:
	@mkdir -p build/lint/cppcheck
	@cppcheck --enable=warning,portability,performance --error-exitcode=1 \
	    --inline-suppr -q --cppcheck-build-dir=build/lint/cppcheck \
	    --library=posix --library=gnu --library=tests/cppcheck.cfg \
	    --suppressions-list=tests/cppcheck.supp -I. \
	    $(sort $(shell find lib scanners report cli tests -name '*.c')) && \
	    echo "cppcheck: no findings"

tidy: $(TIDY_STAMPS)
	@echo "clang-tidy: no findings in $(words $(TIDY_STAMPS)) files"

# clang-tidy cannot write a dependency file, so the compiler does.
build/lint/%.tidy: %.c .clang-tidy
	@mkdir -p $(dir $@)
	@$(CC) $(LINT_CFLAGS) -MM -MP -MT $@ -MF $@.d $<
	@echo "TIDY $<"; out=$$(clang-tidy --quiet $< -- $(LINT_CFLAGS) 2>&1) || \
	    { printf '%s\n' "$$out"; exit 1; }
	@touch $@

-include $(TIDY_STAMPS:=.d)

clean:
	rm -rf build
