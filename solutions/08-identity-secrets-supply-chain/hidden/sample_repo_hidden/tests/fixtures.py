ADMIN_PASSWORD = "fixture-admin-pw-123"  # pragma: allowlist secret
