"""Learner servers on the hub: no formgrader (mentors use the course's formgrader service),
and terminals whose PATH starts with the shared install (a login shell would reset it)."""

c = get_config()  # noqa: F821
c.ServerApp.jpserver_extensions = {"nbgrader.server_extensions.formgrader": False}
c.ServerApp.terminado_settings = {"shell_command": ["/bin/bash"]}
