# Plain `nbgrader` and the formgrader read this file; the configuration itself is grader_config.py.
c = get_config()  # noqa: F821
load_subconfig("grader_config.py")  # noqa: F821
