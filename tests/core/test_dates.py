"""Date parsing from short lines: datelines, bylines, metadata values, several languages."""

from __future__ import annotations

from datetime import datetime

import pytest

from tickertape.dates import parse_date


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Published on: 19 Jun, 2018", datetime(2018, 6, 19)),
        ("November 18, 2019", datetime(2019, 11, 18)),
        ("2019-11-18 10:04 ET", datetime(2019, 11, 18, 10, 4)),
        ("Updated 3:04 PM ET, Mon November 18, 2019", datetime(2019, 11, 18, 15, 4)),
        ("Nov. 19, 2019 8:03 am ET", datetime(2019, 11, 19, 8, 3)),
        ("First Published: Tuesday, November 19, 2019 08:38 AM", datetime(2019, 11, 19, 8, 38)),
        ("Posted on March 3rd, 2019 at 12:15 am", datetime(2019, 3, 3, 0, 15)),
        ("2019-11-18T22:04:00Z", datetime(2019, 11, 18, 22, 4)),
        ("2019/11/18", datetime(2019, 11, 18)),
        ("19.11.2019 14:30", datetime(2019, 11, 19, 14, 30)),
        ("11/19/2019", datetime(2019, 11, 19)),
        ("19 de novembro de 2019", datetime(2019, 11, 19)),
        ("19 de noviembre de 2019", datetime(2019, 11, 19)),
        ("19. November 2019", datetime(2019, 11, 19)),
        ("19 novembre 2019", datetime(2019, 11, 19)),
        ("Senin, 18 November 2019 10:04 WIB", datetime(2019, 11, 18, 10, 4)),
        ("19 ноября 2019, 10:15", datetime(2019, 11, 19, 10, 15)),
        ("2019年11月19日", datetime(2019, 11, 19)),
        ("2019년 11월 19일 (화) 10:04", datetime(2019, 11, 19, 10, 4)),
        ("sexta-feira, 22 de outubro de 2010 às 20:13", datetime(2010, 10, 22, 20, 13)),
        ("Published Wed, Nov 20 20194:29 AM EST", datetime(2019, 11, 20, 4, 29)),
    ],
)
def test_dates_are_found(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The market rose 3.5% in 2019",
        "Shares of the company fell 12 percent",
        "31 February 2019",
        "Call 555-1234 for details",
        "Marketing Director",
        "Order 201945:29",
    ],
)
def test_no_date_is_invented(text: str) -> None:
    assert parse_date(text) is None


def test_first_date_of_the_line_wins() -> None:
    line = "Published: 3 June 2020 | Updated: 5 June 2020"
    assert parse_date(line) == datetime(2020, 6, 3)
