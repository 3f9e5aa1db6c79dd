# The shell of a JupyterLab terminal started by `apprentice lab` (`make lab`): the usual startup
# files, then the course's tools (the virtual environment's bin folder) first on PATH, so that
# `apprentice check ...` works as the course text says.
[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
[ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"
if [ -n "$APPRENTICE_BIN" ]; then
  export PATH="$APPRENTICE_BIN:$PATH"
fi
