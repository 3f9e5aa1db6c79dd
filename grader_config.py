"""The one nbgrader configuration of the course (loaded by nbgrader_config.py and by `apprentice`).

Plain `nbgrader` commands, the formgrader and `apprentice` all read this file, so the folder
mapping, timeouts and safety settings are the same everywhere. Settings of the course's own
grading engine (sandbox limits, jobs) live here too, under `c.Sandbox` and `c.Grader`.
"""

import os

c = get_config()  # noqa: F821 -- provided by traitlets when it loads this file

ROOT = os.path.dirname(os.path.abspath(__file__))

# --- course folders: solutions/ is nbgrader's source, exercises/ its release -------------------
c.CourseDirectory.root = ROOT
c.CourseDirectory.course_id = "infrasec-apprenticeship"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# hidden/ holds fixtures only hidden tests read, answers.yml the catalogue of wrong and right
# answers (CONTRIBUTING.md section 5): never released, never copied to learners.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    "hidden",
    "answers.yml",
]
c.CourseDirectory.db_url = os.environ.get(
    "APPRENTICE_DB_URL", "sqlite:///" + os.path.join(ROOT, "gradebook.db")
)

# --- the exchange: on one machine a local folder; on JupyterHub a shared one ----------------
c.Exchange.root = os.environ.get("APPRENTICE_EXCHANGE", os.path.join(ROOT, "exchange"))
c.Exchange.path_includes_course = True
# A learner's one working copy of a module is <server root>/<course id>/<module>/: the Assignments
# tab fetches there and submits from there, and `apprentice start` and the start page's links
# create it there (git-ignored). Submit refuses to send an untouched release while the learner's
# work sits in the old work/<module>/ folder.
c.ExchangeFactory.submit = "apprentice.submit.GuardedSubmit"

# --- execution: per-cell timeout; stock nbgrader also uses these ------------------------------
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# A correct answer that prints a warning on stderr must not score 0 in stock nbgrader.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"\w*Warning: "
# Deleted grade cells come back and are graded instead of waiting for a manual grade forever.
c.OverwriteCells.add_missing_cells = True
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# --- views a mentor opens render learner output: sanitise HTML and markdown -------------------
c.HTMLExporter.sanitize_html = True
# Feedback never shows mentors' mark schemes. Learner Markdown was already rendered and cleaned
# with nh3 when the grader rebuilt the submission, and the exporter above cleans the rendered
# page; nbconvert's SanitizeHTML preprocessor is not used, because it escapes Markdown source
# before it is rendered, so `a < b` in a code span would show as "a &lt; b".
c.GenerateFeedback.preprocessors = [
    "apprentice.feedback.StripMarkScheme",
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# --- exports: properly quoted CSV with grading status, formulas neutralised -------------------
c.ExportApp.plugin_class = "apprentice.export.SafeCsvExportPlugin"

# --- the course's secure grading engine (apprentice grade) ------------------------------------
c.Grader.notebook_timeout = 600  # wall clock per submission, seconds
c.Grader.cell_timeout = 60  # per cell and per test call, seconds
c.Sandbox.memory_mb = 3072  # address-space limit of the learner kernel
c.Sandbox.cpu_seconds = 300
c.Sandbox.max_processes = 64
c.Sandbox.max_file_mb = 64
c.Sandbox.max_open_files = 256
c.Sandbox.scratch_mb = 256  # private writable folder and /tmp, each
c.Sandbox.max_output_mb = 8  # output a notebook may produce while it runs
c.Sandbox.first_uid = 61000  # jailed kernels run as uid first_uid + slot when graded as root

# --- this course folder's place on a JupyterHub host (exchange, gradebook): written there by
# `apprentice hub`, never in git ---------------------------------------------------------------
if os.path.isfile(os.path.join(ROOT, "site_config.py")):
    load_subconfig(os.path.join(ROOT, "site_config.py"))  # noqa: F821

# --- nbgrader's own autograde is this engine ----------------------------------------------------
# Stock `nbgrader autograde` and the formgrader's Autograde button would run learner code
# unjailed, as this account: in this course they grade through `apprentice grade` instead.
__import__("apprentice.nbgrader_guard", fromlist=["install"]).install()
