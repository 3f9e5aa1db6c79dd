"""Comparisons that are fine: constant time, lengths, membership, ordering."""
import hmac
import secrets


def check(token, expected, revoked_tokens, reset_token_expires, now):
    if len(token) != 40:
        return False
    if token in revoked_tokens:
        return False
    if reset_token_expires < now:
        return False
    if not secrets.compare_digest(token, expected):
        return False
    return hmac.compare_digest(token.encode(), expected.encode())
