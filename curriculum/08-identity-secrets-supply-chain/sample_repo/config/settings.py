import os

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
DATABASE_URL = "postgres://labels:Pr1nt-L4bels!@db.internal:5432/labels"
CACHE_URL = "redis://cache.internal:6379/0"
PASSWORD_MIN_LENGTH = 12
REQUEST_ID_HEADER = "X-Parceltrack-Request-Id"
