"""The secret on the right-hand side."""
import hashlib
import hmac


def verify(body, signature, key):
    expected = hmac.new(key, body, hashlib.sha256).hexdigest()
    return expected == signature


def legacy_check(stored, password):
    return stored != password
