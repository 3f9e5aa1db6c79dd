"""JupyterHub for a cohort on one host: what `make hub` and tests/hub start.

`apprentice hub` lays out the host (accounts, the shared install, the course folder, lessons,
exchange, PostgreSQL gradebook) and writes the settings this file reads from
$APPRENTICE_HUB_SETTINGS (state/settings.json); docs/mentors.md explains each piece.

- Learners (group nbgrader-<course>) and mentors (group formgrade-<course>) are real accounts;
  each gets a single-user server running as that account from the shared install.
- The formgrader is a hub service, /services/<course>/, running as the grading account in the
  course folder; only the formgrade-<course> group may open it. Mentors run `apprentice`
  commands in its terminal (File > New > Terminal), which is the grading account.
- Every learner server loads the global nbgrader configuration in etc/jupyter
  (JUPYTER_CONFIG_PATH): the exchange, nbgrader's JupyterHub authentication by group.
"""

import json
import os
from pathlib import Path

c = get_config()  # noqa: F821 -- provided by JupyterHub when it loads this file

S = json.loads(Path(os.environ["APPRENTICE_HUB_SETTINGS"]).read_text())
P = S["paths"]
COURSE = S["course_id"]
VENV = S["venv"]
PATH = f"{VENV}/bin:/usr/local/bin:/usr/bin:/bin"

# --- the hub, its proxy and its own state ----------------------------------------------------
c.JupyterHub.bind_url = f"http://{S['ip']}:{S['port']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = S["hub_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{S['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [S["proxy"]]
c.JupyterHub.db_url = f"sqlite:///{P['state']}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{P['state']}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = f"{P['state']}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every server it started
c.JupyterHub.cleanup_proxy = True

# --- who may log in ----------------------------------------------------------------------------
if S["auth"] == "pam":  # each account's own system password (set with passwd)
    c.JupyterHub.authenticator_class = "pam"
else:  # one password for the cohort: for trying the hub on 127.0.0.1, not for a real cohort
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = Path(P["password"]).read_text().strip()
c.Authenticator.allowed_users = set(S["learners"]) | set(S["mentors"])
c.Authenticator.admin_users = set()  # nobody needs the admin panel to run a cohort

# --- groups: nbgrader reads them to know who takes and who grades the course ----------------
c.JupyterHub.load_groups = {
    f"nbgrader-{COURSE}": {"users": S["learners"]},
    f"formgrade-{COURSE}": {"users": S["mentors"]},
}


# --- single-user servers: the account's own, from the shared install --------------------------
def link_lessons(spawner):
    """Each home gets `lessons`, a link to the read-only lessons and start page."""
    import pwd

    home = Path(pwd.getpwnam(spawner.user.name).pw_dir)
    link = home / "lessons"
    if not link.exists() and not link.is_symlink():
        link.symlink_to(P["lessons"])
        os.lchown(link, pwd.getpwnam(spawner.user.name).pw_uid, -1)


c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [f"{VENV}/bin/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab/tree/lessons/curriculum/start-here.ipynb"
c.Spawner.pre_spawn_hook = link_lessons
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    "PATH": PATH,
    "JUPYTER_CONFIG_PATH": P["etc"],
    "APPRENTICE_EXCHANGE": P["exchange"],
    "APPRENTICE_COURSE_ID": COURSE,
}
# nbgrader's JupyterHubAuthPlugin reads the user's groups with the server's own token
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "read:users:name!user",
    "read:users:groups!user",
]

# --- the formgrader: a service running as the grading account in the course folder ----------
c.JupyterHub.services = [
    {
        "name": COURSE,
        "url": f"http://127.0.0.1:{S['service_port']}",
        "command": [
            f"{VENV}/bin/jupyterhub-singleuser",
            f"--port={S['service_port']}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={P['course']}",
            # a login shell would reset PATH from /etc/profile and lose the shared install
            "--ServerApp.terminado_settings=shell_command=['/bin/bash']",
        ],
        "user": S["grader"],
        "cwd": P["course"],
        "environment": {"PATH": PATH, "JUPYTERHUB_DEFAULT_URL": "/lab"},
        "oauth_no_confirm": True,
    }
]
c.JupyterHub.load_roles = [
    {
        "name": f"formgrade-{COURSE}",
        "groups": [f"formgrade-{COURSE}"],
        "scopes": [f"access:services!service={COURSE}"],
    }
]
