"""Imported first by the grading fork server: the trusted side draws nothing on screen.

Setup and test cells may import matplotlib; on a mentor's desktop an interactive backend
could open windows. Selecting Agg here, in the grading processes only, never touches the
environment that notebooks or JupyterLab started elsewhere inherit.
"""

import matplotlib

matplotlib.use("Agg")
