"""The hub's files, without starting a hub: the configuration `make hub` and tests/hub load,
the roster's checks, and the Zero to JupyterHub values the mentor handbook shows."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

from apprentice.course import CourseError
from apprentice.hub import Roster, settings_for

from ..content.harness import REPO

COURSE = "infrasec-apprenticeship"


def test_the_hub_configuration_sets_groups_service_and_learner_servers(tmp_path, monkeypatch):
    roster = Roster(learners=["ada", "grace"], mentors=["mentor"], grader="grader-x")
    settings = settings_for(REPO, roster, prefix=tmp_path / "srv", port=8123)
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(asdict(settings)))
    monkeypatch.setenv("APPRENTICE_HUB_SETTINGS", str(path))
    (tmp_path / "srv" / "state").mkdir(parents=True)
    (tmp_path / "srv" / "state" / "password").write_text("a-password-for-tests\n")
    c = PyFileConfigLoader("jupyterhub_config.py", path=str(REPO / "hub")).load_config()
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8123"
    assert c.JupyterHub.load_groups == {
        f"nbgrader-{COURSE}": {"users": ["ada", "grace"]},
        f"formgrade-{COURSE}": {"users": ["mentor"]},
    }
    assert c.Authenticator.allowed_users == {"ada", "grace", "mentor"}
    assert c.SharedPasswordAuthenticator.user_password == "a-password-for-tests"
    [service] = c.JupyterHub.services
    assert service["name"] == COURSE and service["user"] == "grader-x"
    assert service["cwd"] == str(tmp_path / "srv" / "course")
    assert service["command"][0] == str(tmp_path / "srv" / "venv" / "bin" / "jupyterhub-singleuser")
    [role] = c.JupyterHub.load_roles
    assert role["groups"] == [f"formgrade-{COURSE}"]
    assert role["scopes"] == [f"access:services!service={COURSE}"]
    assert c.JupyterHub.spawner_class == "localprocess"
    assert c.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(tmp_path / "srv" / "etc" / "jupyter")
    assert "read:users:groups!user" in c.Spawner.server_token_scopes  # nbgrader reads groups
    assert c.Spawner.default_url == "/lab/tree/lessons/curriculum/start-here.ipynb"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("learners: [ada]\nmentors: [root]\n", "cannot be an account name"),
        ("learners: [Ada]\nmentors: [m]\n", "cannot be an account name"),
        ("learners: [ada, m]\nmentors: [m]\n", "appears twice"),
        ("learners: []\nmentors: [m]\n", "at least one learner"),
        ("learners: [ada]\nmentors: [m]\ngrader: postgres\n", "cannot be an account name"),
    ],
)
def test_the_roster_refuses_names_that_cannot_be_cohort_accounts(tmp_path, text, problem):
    (tmp_path / "roster.yml").write_text(text)
    with pytest.raises(CourseError, match=problem):
        Roster.load(tmp_path / "roster.yml")


def test_the_shipped_roster_loads():
    roster = Roster.load(REPO / "hub" / "roster.yml")
    assert roster.learners and roster.mentors and roster.grader


def test_the_handbook_shows_the_zero_to_jupyterhub_values_as_shipped():
    shipped = (REPO / "hub" / "values.yaml").read_text()
    handbook = (REPO / "docs" / "mentors.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", handbook, flags=re.S)
    assert shipped in blocks, "docs/mentors.md must show hub/values.yaml as it is"
    values = yaml.safe_load(shipped)
    mounts = {m["name"]: m for m in values["singleuser"]["storage"]["extraVolumeMounts"]}
    assert (
        mounts["exchange"]["mountPath"] == values["singleuser"]["extraEnv"]["APPRENTICE_EXCHANGE"]
    )
    assert mounts["lessons"]["readOnly"] is True
    assert "formgrade-infrasec-apprenticeship" in values["hub"]["loadRoles"]
