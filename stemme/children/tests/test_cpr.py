import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from conftest import make_child
from stemme.audit.models import Event
from stemme.children import cpr
from stemme.children import services as child_services


@pytest.mark.parametrize(
    ("raw", "normalised", "born"),
    [
        ("0102031234", "0102031234", dt.date(1903, 2, 1)),
        ("010203-1234", "0102031234", dt.date(1903, 2, 1)),
        (" 010203 5234 ", "0102035234", dt.date(2003, 2, 1)),
        ("311299-4000", "3112994000", dt.date(1999, 12, 31)),
        ("010136-4000", "0101364000", dt.date(2036, 1, 1)),
        ("010158-5000", "0101585000", dt.date(1858, 1, 1)),
        ("290216-6000", "2902166000", dt.date(2016, 2, 29)),
        ("010110-9000", "0101109000", dt.date(2010, 1, 1)),
    ],
)
def test_valid_numbers(raw, normalised, born):
    assert cpr.validate(raw) == normalised
    assert cpr.birth_date(normalised) == born


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "cpr_format"),
        ("12345", "cpr_format"),
        ("01020312345", "cpr_format"),
        ("01020a1234", "cpr_format"),
        ("٠١٠٢٠٣١٢٣٤", "cpr_format"),  # Arabic-Indic digits are digits to \d, not CPR digits
        ("320103-1234", "cpr_date"),
        ("290215-6000", "cpr_date"),  # 2015 was not a leap year
        ("011303-1234", "cpr_date"),
        ("000103-1234", "cpr_date"),
    ],
)
def test_invalid_numbers_get_a_clear_error(raw, code):
    with pytest.raises(ValidationError) as info:
        cpr.validate(raw)
    assert info.value.code == code


def test_mask_and_format():
    assert cpr.mask("0102031234") == "010203-****"
    assert cpr.formatted("0102031234") == "010203-1234"
    assert cpr.mask("") == ""


@given(st.text(max_size=20))
def test_validate_never_crashes_on_any_text(raw):
    try:
        result = cpr.validate(raw)
    except ValidationError:
        return
    assert len(result) == 10
    assert result.isdigit()


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2036, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
def test_any_birth_date_round_trips(born, serial):
    number = f"{born:%d%m%y}4{serial:03d}"
    assert cpr.birth_date(cpr.validate(number)) == born


def test_child_create_takes_birth_date_from_cpr_and_records_event(world):
    child = make_child(world.municipality, first_name="Ny", birth=dt.date(2020, 5, 17))
    assert child.birth_date == dt.date(2020, 5, 17)
    assert Event.objects.filter(child=child, kind="child.created").count() == 1


def test_child_create_refuses_duplicate_cpr_within_municipality(world):
    with pytest.raises(ValidationError) as info:
        child_services.child_create(
            actor=None,
            municipality=world.municipality,
            first_name="Dobbelt",
            last_name="Gænger",
            cpr=world.child.cpr,
        )
    assert "cpr" in info.value.message_dict


def test_same_cpr_is_allowed_in_another_municipality(world):
    twin = child_services.child_create(
        actor=None,
        municipality=world.other_municipality,
        first_name="Flyttet",
        last_name="Barn",
        cpr=world.child.cpr,
    )
    assert twin.pk != world.child.pk


def test_child_create_refuses_mismatching_birth_date(world):
    with pytest.raises(ValidationError) as info:
        child_services.child_create(
            actor=None,
            municipality=world.municipality,
            first_name="X",
            last_name="Y",
            cpr="0101155123",
            birth_date=dt.date(2015, 1, 2),
        )
    assert "birth_date" in info.value.message_dict
