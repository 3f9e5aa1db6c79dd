"""Account pages."""
import logging

log = logging.getLogger(__name__)


def show_account(user, request):
    if user.status == "active":
        log.info("session %s: token == cookie checked", request.session_id)
        return {"name": user.name, "plan": user.plan}
    return {"error": "account closed"}
