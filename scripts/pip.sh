# pip_install ARGS...: pip into .venv, quietly, held to the lock (constraints.txt). Sourced by the set-up scripts.
# Lines about missing local index folders (a quirk of some machines' pip configuration) are dropped; every other
# message, and pip's exit status, go through.
pip_install() {
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt "$@" \
    2> >(grep -v "^WARNING: Location 'file:" >&2)
}
