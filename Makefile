# partystats — the two commands a newcomer needs:
#   make demo   installs what is needed, builds, and runs the main job on datasets/
#   make test   installs what is needed, builds, and runs every test
# Both are idempotent and non-interactive (run as root on Debian with the Swift toolchain).

SHELL := /bin/bash
APT_PACKAGES := libcsv-dev libssl-dev libxlsxwriter-dev libexpat1-dev libsqlite3-dev pkg-config zlib1g-dev chromium chromium-driver
PIP_PACKAGES := openpyxl python-calamine xlrd pandas xlsxwriter xlwt frictionless nbclient nbformat nbconvert ipykernel matplotlib selenium
SWIFT ?= swift
BIN := .build/debug/partystats
OUT := out
DB := $(OUT)/demo.sqlite
MAPPING := datasets/mapping.yaml
CITY_COUNTIES := 桐柏县 社旗县
CITY_DB := $(OUT)/city.sqlite

.PHONY: deps build demo test clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	fi
	@python3 -c "import openpyxl, python_calamine, xlrd, pandas, xlsxwriter, xlwt, frictionless, nbclient, nbconvert, matplotlib, selenium" 2>/dev/null \
	  || python3 -m pip install -q $(PIP_PACKAGES)

build: deps
	$(SWIFT) build --product partystats

demo: build
	@mkdir -p $(OUT)
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN) import datasets/2023 --year 2023 --mapping $(MAPPING) --db $(DB)
	$(BIN) import datasets/2024 --year 2024 --mapping $(MAPPING) --db $(DB)
	$(BIN) indicators --year 2024 --db $(DB)
	$(BIN) compare --from 2023 --to 2024 --db $(DB)
	$(BIN) report --year 2024 --compare 2023 --db $(DB) --output $(OUT)/党建统计-2024.xlsx
	$(BIN) export --year 2023 --db $(DB) --output $(OUT)/package-2023
	$(BIN) export --year 2024 --db $(DB) --output $(OUT)/package-2024
	@echo "Workbook: $(OUT)/党建统计-2024.xlsx; data packages: $(OUT)/package-2023, $(OUT)/package-2024"
	@# The city 南阳市: two more counties' workbooks, then the three rolled up (docs/rollup.md).
	@for c in $(CITY_COUNTIES); do \
	  rm -f $(OUT)/$$c.sqlite*; \
	  $(BIN) import datasets/counties/$$c/2024 --year 2024 --mapping datasets/counties/$$c/mapping.yaml --db $(OUT)/$$c.sqlite >/dev/null && \
	  $(BIN) report --year 2024 --db $(OUT)/$$c.sqlite --output $(OUT)/$$c-2024.xlsx || exit 1; \
	done
	@rm -f $(CITY_DB) $(CITY_DB)-wal $(CITY_DB)-shm
	$(BIN) import $(OUT)/党建统计-2024.xlsx $(foreach c,$(CITY_COUNTIES),$(OUT)/$(c)-2024.xlsx) --year 2024 --level city --db $(CITY_DB)
	$(BIN) indicators --year 2024 --db $(CITY_DB)
	$(BIN) report --year 2024 --db $(CITY_DB) --county 南阳市 --output $(OUT)/南阳市-2024.xlsx
	@echo "City roll-up workbook: $(OUT)/南阳市-2024.xlsx"
	@cp -n $(MAPPING) $(OUT)/mapping.yaml
	@echo "The same in the browser: $(BIN) serve --db $(DB) --mapping $(OUT)/mapping.yaml"
	@echo "  (prints an address with a token, e.g. http://127.0.0.1:8750/?token=…; open it, Ctrl-C stops)"

test: deps
	scripts/doc-coverage --summary
	scripts/line-length
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/check-datasets
	scripts/check-real-forms
	scripts/check-rollup
	scripts/browser-test
	@if [ -x scripts/diff-calamine ]; then scripts/diff-calamine --quiet Tests/SheetReaderTests/Fixtures/*.xls* Tests/SheetReaderTests/Fixtures/corpus; fi
	@if [ -x scripts/notebook ]; then scripts/notebook --check; fi

clean:
	rm -rf .build $(OUT)
