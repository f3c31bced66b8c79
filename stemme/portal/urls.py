"""The child portal, under /min-sag/ (namespace "portal"), with its own session (session.py),
never the staff login; and the staff pages about it (``staff_urls``, namespace
"portal_staff"). One named list per topic.
"""

from django.urls import path

from stemme.portal.views import (
    accounts,
    case_pages,
    meetings,
    messages,
    pages,
    staff_access,
    staff_messages,
    survey,
)

app_name = "portal"

# Logging in and out, and the front page.
account_urls = [
    path("", accounts.home, name="home"),
    path("aktiver/", accounts.activate, name="activate"),
    path("log-ind/", accounts.login, name="login"),
    path("log-ud/", accounts.logout, name="logout"),
    path("luk/", accounts.quick_exit, name="quick_exit"),
    path("raadgiver/<int:user_id>/foto/", accounts.caseworker_photo, name="caseworker_photo"),
]
# Meetings.
meeting_urls = [
    path("moeder/", meetings.meetings, name="meetings"),
    path("moeder/<uuid:meeting_id>/", meetings.meeting, name="meeting"),
    path(
        "moeder/<uuid:meeting_id>/hvordan-var-det/",
        meetings.meeting_feedback,
        name="meeting_feedback",
    ),
]
# Tell my caseworker something, and my messages.
message_urls = [
    path("fortael/", messages.tell, name="tell"),
    path("beskeder/", messages.messages, name="messages"),
]
# My caseworkers, my rights, who has looked at my case, my letters, my documents.
page_urls = [
    path("raadgivere/", pages.caseworkers, name="caseworkers"),
    path("rettigheder/", pages.rights, name="rights"),
    path("hvem-har-kigget/", pages.looked, name="looked"),
    path("breve/", pages.letters, name="letters"),
    path("breve/<uuid:letter_id>/", pages.letter, name="letter"),
    path("dokumenter/", pages.documents, name="documents"),
    path("dokumenter/<uuid:document_id>/", pages.document, name="document"),
]
# My plan (rate my goals), decisions about me, what happens next.
case_page_urls = [
    path("plan/", case_pages.plan, name="plan"),
    path("plan/maal/<uuid:goal_id>/", case_pages.goal_rate, name="goal_rate"),
    path("afgoerelser/", case_pages.decisions, name="decisions"),
    path("hvad-nu/", case_pages.next_steps, name="next"),
]

# The youth survey ("Bliver du hørt?").
survey_urls = [
    path("spoergeskema/", survey.start, name="survey"),
    path("spoergeskema/send/", survey.send, name="survey_send"),
    path("sms/", survey.sms, name="sms"),
    path("spoergeskema/<slug:section>/", survey.page, name="survey_page"),
]

urlpatterns = account_urls + meeting_urls + message_urls + page_urls + case_page_urls + survey_urls

# Staff pages about the portal: access (activation codes, letters, disabling) and messages from
# children. Included by config/urls.py as the "portal_staff" namespace.
staff_urls = [
    path("boern/<uuid:child_id>/min-sag-adgang/", staff_access.portal_access, name="access"),
    path(
        "boern/<uuid:child_id>/min-sag-adgang/<uuid:account_id>/",
        staff_access.portal_account_action,
        name="account_action",
    ),
    path("beskeder/", staff_messages.inbox, name="inbox"),
    path("beskeder/team/", staff_messages.duty_inbox, name="duty_inbox"),
    path("beskeder/<uuid:message_id>/", staff_messages.message_detail, name="message"),
]
