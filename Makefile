# Sift developer commands. `make run` opens the app, `make test` runs every test (installing what it needs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run test bench screenshots bundle install-desktop lint system-deps venv clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,bench,bundle]'
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	packaging/system-deps.sh

## Open Sift on the bundled sample article (library in the default place). Uses Xvfb when there is no display.
run: system-deps $(STAMP)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(BIN)/sift; \
	else echo "No display found: running Sift on a virtual screen (xvfb-run)."; \
	QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/sift; fi

## The whole test suite, with a real Secret Service for the keyring tests.
test: system-deps $(STAMP)
	dbus-run-session -- tests/with-keyring.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: system-deps $(STAMP)
	$(BIN)/python -m bench

screenshots: system-deps $(STAMP)
	QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python -m reader.ui.screenshots docs

lint: $(STAMP)
	$(BIN)/ruff check reader tests bench
	$(BIN)/ruff format --check reader tests bench

## One-folder app: dist/sift/sift (PyInstaller; spec in packaging/), plus dist/sift-VERSION-linux-ARCH.tar.gz to hand out.
bundle: system-deps $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/sift.spec
	env -i PATH=/usr/bin:/bin dist/sift/sift --version
	@du -sh dist/sift | sed 's/^/bundle size: /'
	tar -C dist -czf dist/sift-$$(dist/sift/sift --version | cut -d' ' -f2)-linux-$$(uname -m).tar.gz sift
	@ls -s --block-size=M dist/sift-*-linux-*.tar.gz | sed 's/^/archive: /'

## Menu entry, AppStream metadata and icons for a pip/pipx install (XDG user folders; Exec = `sift` on PATH).
## EXEC=/path/to/sift picks the program; UNINSTALL=1 removes what it installed.
install-desktop:
	packaging/linux/install-desktop.sh $(if $(EXEC),--exec "$(EXEC)") $(if $(UNINSTALL),--uninstall)

clean:
	rm -rf $(VENV) build dist *.egg-info
