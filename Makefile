# baas.hardening: the two commands of the README, and the pieces `make test` is made of.
SHELL := /bin/bash
ROOT := $(CURDIR)
export PATH := $(ROOT)/.venv/bin:$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(ROOT)/.cache/collections
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH := false
export ANSIBLE_FORCE_COLOR := false
export PY_COLORS := 0
# Scenarios run side by side; on 2 cores two at a time keeps the CPU busy while apt waits.
JOBS ?= 2
SCENARIOS ?=

.PHONY: demo demo-clean test bootstrap lint unit molecule consumer clean-containers fresh-machine

demo: bootstrap ## The main job: harden a local demo server with site.yml and show the posture (rerun: 0 changed)
	scripts/demo.sh

test: bootstrap lint unit molecule consumer ## Every test: lint, unit tests, Molecule scenarios, consumer install

bootstrap:
	scripts/bootstrap.sh

lint:
	yamllint -s .
	ansible-lint

unit:
	pytest -q tests/unit

molecule:
	JOBS=$(JOBS) scripts/molecule-all.sh $(SCENARIOS)

consumer:
	scripts/consumer-test.sh

fresh-machine: ## Not in `make test`: bootstrap and `make demo` inside a Debian 12 container without our tools
	scripts/fresh-machine-check.sh

clean-containers: ## Remove this project's test containers (never `molecule reset` on a shared daemon)
	-docker ps -aq --filter label=baas-hardening | xargs -r docker rm -f

demo-clean: ## Remove the demo server container
	-docker rm -f baas-demo-server
	rm -rf demo/.state
