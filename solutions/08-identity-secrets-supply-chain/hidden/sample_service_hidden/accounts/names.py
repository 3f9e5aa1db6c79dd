"""Secrets under other names, in upper case and as attributes."""
from accounts.config import API_TOKEN, hash_pin


def check_header(header_value):
    return API_TOKEN == header_value


class Client:
    def __init__(self, client_secret):
        self.client_secret = client_secret

    def matches(self, presented):
        return self.client_secret != presented


def check_login(user, password, pin):
    if user.Password_Hash == password:
        return "plaintext password column"
    if user.pin_digest != hash_pin(pin):
        return "no"
    return "yes"


def check_session(session_id, cookie):
    return session_id == cookie
