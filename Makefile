# Front door for building, running, testing and formatting fgcd: run `make` for the list of targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

BUILD_DIR ?= build
FORMAT_DIRS := daemon clients tests
# C sources to format: everything under FORMAT_DIRS except dependencies and build output.
FORMAT_FILES = $(shell find $(FORMAT_DIRS) \( -name node_modules -o -name 'build*' \) -prune -o \
                 -type f \( -name '*.c' -o -name '*.h' \) -print 2>/dev/null | sort)

.PHONY: help run check bench fuzz build format format-check stop clean distclean

help:
	@echo "fgcd make targets:"
	@echo "  make run           build and run fgcd locally on http://127.0.0.1:8080 with demo data"
	@echo "  make check         sanitiser build and every test (what CI runs)"
	@echo "  make bench         run the benchmarks (scripts/bench.sh)"
	@echo "  make fuzz          build the libFuzzer targets with clang and run each (FUZZ_SECONDS=60)"
	@echo "  make build         build into $(BUILD_DIR)/ (RelWithDebInfo)"
	@echo "  make format        reformat the C sources with clang-format"
	@echo "  make format-check  fail if any C source is not formatted"
	@echo "  make stop          stop the local PostgreSQL cluster in .fgcd/ if it was left running"
	@echo "  make clean         remove the build directories"
	@echo "  make distclean     clean, and also delete the local database in .fgcd/"

run:
	bash scripts/run.sh

check:
	bash scripts/check.sh

bench:
	bash scripts/bench.sh

fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

build:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD_DIR) -j2

format:
	@files="$(FORMAT_FILES)"; if [[ -n "$$files" ]]; then clang-format -i $$files; fi

format-check:
	@files="$(FORMAT_FILES)"; if [[ -n "$$files" ]]; then clang-format --dry-run --Werror $$files; fi

stop:
	@if [[ -d .fgcd ]]; then bash scripts/pg.sh stop .fgcd; fi

clean:
	rm -rf build build-check build-bench $(filter-out build build-check build-bench,$(BUILD_DIR))

distclean: clean stop
	rm -rf .fgcd
