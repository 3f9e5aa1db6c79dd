from labels.client import fetch

# token copied from a debugging session
GITHUB = "ghp_FAKEEcFAlwlJGXiTveCYkE75pMFRgVdtlWxy"
FAKE_PASSWORD = "not-a-real-secret-for-tests"  # pragma: allowlist secret


def test_fetch_builds_url():
    assert fetch
