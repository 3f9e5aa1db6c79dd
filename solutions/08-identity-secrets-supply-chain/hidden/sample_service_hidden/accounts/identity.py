"""Identity checks that use `is` where they meant equality."""


def same_token(token, expected):
    if token is expected:
        return True
    return False


def rotate(config, presented):
    if config.client_secret is not presented:
        raise PermissionError("client secret changed")
    if presented is not None:
        return config.client_secret
    return None
