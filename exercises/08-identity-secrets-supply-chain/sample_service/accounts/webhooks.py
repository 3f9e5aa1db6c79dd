"""Signed webhooks from the payment provider."""
import hashlib
import hmac

from accounts.config import WEBHOOK_KEY


def verify_webhook(body, signature):
    if len(signature) != 64:
        return False
    expected = hmac.new(WEBHOOK_KEY, body, hashlib.sha256).hexdigest()
    if signature == expected:
        return True
    return False
