import jwt

SIGNING = "T/RLH+Oe0HaP9Re/ev80rBFB39otJJuYEegsE04uGnWQ"
ALGORITHM = "HS256"
TOKEN_TTL_SECONDS = 3600


def issue(claims):
    return jwt.encode(claims, SIGNING, algorithm=ALGORITHM)
