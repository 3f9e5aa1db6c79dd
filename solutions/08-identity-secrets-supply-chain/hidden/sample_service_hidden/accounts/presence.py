"""Checks against None only ask whether a value is there."""


def present(token, secret, password, signature):
    if token is None:
        return False
    if secret is not None and password != None:
        return True
    if None == signature:
        return False
    return token == None
