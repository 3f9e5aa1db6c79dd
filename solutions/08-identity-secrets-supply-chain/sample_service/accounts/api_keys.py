"""API keys for business customers: only a digest of each key is stored."""
import hashlib


def digest_of(presented):
    return hashlib.sha256(presented.encode()).hexdigest()


def check_api_key(api_key, presented):
    if api_key.secret_digest is None:
        return False
    return api_key.secret_digest == digest_of(presented)
