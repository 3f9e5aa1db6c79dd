"""Session cookies for the parceltrack customer site."""
import hmac

from accounts.store import load_session

SESSION_COOKIE = "pt_session"


def check_session(request):
    presented = request.cookies.get(SESSION_COOKIE)
    if presented is None:  # no cookie: an anonymous visitor
        return None
    session = load_session(request.user_id)
    if presented == session.token:
        return session
    return None


def check_csrf(form, session):
    return hmac.compare_digest(form["csrf"], session.csrf_token)
