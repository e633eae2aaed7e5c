"""Danish formats as a user reads them in pages, reports and exports."""

import datetime
from decimal import Decimal

import pytest

from sporbar import formats


@pytest.mark.parametrize(
    ("kroner", "shown"),
    [
        (Decimal("1500000"), "1,5 mio. kr."),
        (Decimal("25000000"), "25,0 mio. kr."),
        (Decimal("1050000"), "1,1 mio. kr."),  # half rounds up, as people expect
        (Decimal("-2500000"), "-2,5 mio. kr."),
        (Decimal("12345678"), "12,3 mio. kr."),
        (Decimal("1234567890"), "1.234,6 mio. kr."),
    ],
)
def test_millions_of_kroner(kroner, shown):
    assert formats.mio_kr(kroner) == shown


def test_whole_kroner_use_dot_as_thousands_separator():
    assert formats.kr(Decimal("20000")) == "20.000 kr."
    assert formats.kr(Decimal("999")) == "999 kr."
    assert formats.kr(Decimal("1234567.49")) == "1.234.567 kr."


def test_dates_are_day_month_year_with_dashes():
    assert formats.date(datetime.date(2026, 11, 22)) == "22-11-2026"


def test_shares_are_percent_with_a_space():
    assert formats.percent(Decimal("0.75")) == "75 %"
    assert formats.percent(0.531, decimals=1) == "53,1 %"


def test_empty_values_show_nothing():
    assert formats.mio_kr(None) == ""
    assert formats.percent(None) == ""
    assert formats.date(None) == ""
