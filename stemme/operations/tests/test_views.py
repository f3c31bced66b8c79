"""The administrator's list of failed background tasks: paging, "Prøv igen" and "Fjern"
(idempotent, recorded as events), nobody else gets in."""

from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from stemme.audit.models import Event
from stemme.operations import services
from stemme.operations.models import DeadLetter, DeadLetterState

LIST = reverse("operations:dead_letters")


def letter(task_path="stemme.operations.tests.sample_tasks.add", args=(1, 2)):
    return services.dead_letter_record(
        task_path=task_path, args=list(args), kwargs={}, attempts=5, error=TimeoutError("x")
    )


def test_the_list_pages_through_open_letters_only(client, world, settings):
    settings.STEMME_PAGE_SIZE = 2
    for _ in range(3):
        letter()
    handled = letter()
    services.dead_letter_remove(actor=world.administrator, letter_id=handled.pk)
    client.force_login(world.administrator)
    first = client.get(LIST)
    assert first.status_code == 200
    assert list(first.context["page"].object_list) == list(
        DeadLetter.objects.filter(state=DeadLetterState.OPEN)[:2]
    )
    html = first.content.decode()
    assert "Prøv igen" in html
    assert "Fjern" in html
    assert "Læg to tal sammen" in html  # the task's label
    assert "<code>TimeoutError</code>" in html  # the kind of error, never its message
    assert "Side 1 af 2" in html
    second = client.get(LIST, {"side": 2})
    assert len(second.context["page"].object_list) == 1
    assert "Fjernet" in second.content.decode()  # recently handled


def test_only_administrators(client, world):
    client.force_login(world.leader)
    assert client.get(LIST).status_code == 403
    one = letter()
    assert client.post(reverse("operations:dead_letter_remove", args=[one.pk])).status_code == 403
    one.refresh_from_db()
    assert one.state == DeadLetterState.OPEN


def test_try_again_enqueues_once_and_is_recorded(client, world, django_capture_on_commit_callbacks):
    one = letter()
    url = reverse("operations:dead_letter_retry", args=[one.pk])
    client.force_login(world.administrator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Opgaven er sat i kø igen." in response.content.decode()
    assert len(callbacks) == 1  # the task, enqueued after the commit
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = client.post(url, follow=True)
    assert callbacks == []
    assert "Opgaven var allerede håndteret." in again.content.decode()
    events = Event.objects.filter(kind="operations.dead_letter_retried")
    assert [(e.actor, e.ref) for e in events] == [(world.administrator, str(one.pk))]


def test_try_again_on_the_database_backend_queues_the_task(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    one = letter(args=(4, 5))
    client.force_login(world.administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("operations:dead_letter_retry", args=[one.pk]))
    assert DBTaskResult.objects.get().args_kwargs == {"args": [4, 5], "kwargs": {}}


def test_remove_is_idempotent_and_recorded(client, world):
    one = letter()
    url = reverse("operations:dead_letter_remove", args=[one.pk])
    client.force_login(world.administrator)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    one.refresh_from_db()
    assert (one.state, one.handled_by) == (DeadLetterState.REMOVED, world.administrator)
    assert Event.objects.filter(kind="operations.dead_letter_removed").count() == 1
    assert client.get(LIST).context["page"].paginator.count == 0


def test_a_task_that_no_longer_exists_can_only_be_removed(client, world):
    gone = letter(task_path="stemme.operations.tests.sample_tasks.renamed_long_ago")
    client.force_login(world.administrator)
    assert "renamed_long_ago" in client.get(LIST).content.decode()  # no label: its name
    response = client.post(reverse("operations:dead_letter_retry", args=[gone.pk]), follow=True)
    assert "findes ikke længere" in response.content.decode()
    gone.refresh_from_db()
    assert gone.state == DeadLetterState.OPEN
    assert not Event.objects.filter(kind="operations.dead_letter_retried").exists()


def test_an_unknown_letter_is_404(client, world):
    client.force_login(world.administrator)
    assert client.post(reverse("operations:dead_letter_retry", args=[999])).status_code == 404
    assert client.post(reverse("operations:dead_letter_remove", args=[999])).status_code == 404
