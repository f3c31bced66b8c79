"""The "floor" page for the benchmarks: what any page about a child must do and nothing more —
an authenticated, two-step-verified staff session, one read of the child through the access door
(``access_child_by_id``, one indexed query) and its access-log row. Mounted beside Stemme's own
URLs only in the benchmarks (``ROOT_URLCONF = "bench.floor"``), never in the application."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as stemme_urlpatterns
from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access


@staff_with_child_access
def floor(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose="child_overview")
    return HttpResponse(f"<!doctype html><title>{child.pk}</title>")


urlpatterns = [path("bench/floor/<uuid:child_id>/", floor), *stemme_urlpatterns]
