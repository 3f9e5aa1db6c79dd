"""The global nbgrader configuration every learner's server on the hub loads.

`apprentice hub` copies it to <prefix>/etc/jupyter/, which the hub puts on each learner
server's JUPYTER_CONFIG_PATH together with the values read here.
"""

import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = os.environ["APPRENTICE_COURSE_ID"]
c.Exchange.root = os.environ["APPRENTICE_EXCHANGE"]  # shared, mode 1777
c.Exchange.path_includes_course = True
# which courses a learner takes comes from their hub groups (nbgrader-<course>)
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
