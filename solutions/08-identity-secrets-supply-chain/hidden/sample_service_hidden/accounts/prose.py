"""Comments and strings that mention comparisons are not code.

Never write `token == presented` or `secret != guess`; use hmac.compare_digest.
"""

HELP = "compare with hmac.compare_digest, not token == presented"
LOG_FORMAT = 'signature != expected for %s'


def explain():
    # if password == stored: was the old check
    return HELP  # secret == guess leaks timing
