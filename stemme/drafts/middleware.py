"""A saved form no longer needs its draft.

Every Stemme form answers a successful save with a redirect (post/redirect/get) and a refused one
with the page again, so a POST answered with a redirect for a fully logged-in user discards that
user's draft of the form posted. One place, so a form cannot forget it.
"""

from stemme.drafts import services, web

NOT_A_SAVE = {"drafts:autosave", "drafts:discard", "accounts:logout", "accounts:session_keepalive"}


class DraftDiscardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and response.status_code in (301, 302, 303):
            user = getattr(request, "user", None)
            match = getattr(request, "resolver_match", None)
            if (
                user is not None
                and user.is_authenticated
                and getattr(user, "is_verified", lambda: False)()
                and match is not None
                and match.view_name not in NOT_A_SAVE
            ):
                services.draft_discard(
                    author=user, form_key=web.form_key(request.path, request.POST)
                )
        return response
