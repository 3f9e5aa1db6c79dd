"""Password reset links."""
from accounts.errors import LinkExpired
from accounts.store import find_reset


def redeem(link_id, reset_token):
    stored = find_reset(link_id)
    if stored is None:
        raise LinkExpired(link_id)
    # The old code did `reset_token == stored.reset_token`; the line below is what replaced it.
    if reset_token != stored.reset_token:
        raise LinkExpired(link_id)
    return stored.user_id
