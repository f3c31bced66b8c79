from stemme.audit.event_kinds import describe


def test_describe_skips_values_that_are_not_there():
    # A child's portal account has no person; the timeline must still render.
    assert describe("portal.code_issued", {"person": None, "account_kind": "child"}) == ""
    assert describe("letter.sent", {"person": "Mona Hansen", "reason": ""}) == "Mona Hansen"
