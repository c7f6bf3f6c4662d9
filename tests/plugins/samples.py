"""Small raw sources written for the plugin tests."""

DUMP_MSFT = """Microsoft Opens a New Cloud Region

Published on: 19 Jun, 2018

Microsoft Corporation (NASDAQ: MSFT) said on Tuesday it had opened a new cloud region, adding data
centres in two cities as demand for its Azure services grew faster than expected this year.

The company said the region would serve government agencies and banks that must keep data in the
country, and that it expected the new capacity to be fully used within eighteen months.

  • 120Views
  • 0Comments

Recommend to Friends

  • facebook
  • Twitter

Jane Roe

Sign Up for Weekly Updates

Related Posts

There is no comment on this article
"""

DUMP_AAPL = """Apple Suppliers Gain on Strong Phone Demand

Published on: 21 Jun, 2018

Shares of suppliers to Apple rose on Thursday after analysts said demand for the new phones was
stronger than expected, lifting $AAPL and several chip makers in early trading on the exchange.

Analysts said the stronger demand for phones would help suppliers through the rest of the year and
that cloud spending by Microsoft Corporation (NASDAQ: MSFT) would also support chip makers.
"""

DUMP_BANK = """Regional Banks Report Higher Deposits

Published on: 25 Jun, 2018

Regional lenders including Bank of America (NYSE: BAC) reported higher deposits in the second
quarter as customers moved savings out of money-market funds into interest-bearing accounts.

The banks said loan demand from small businesses stayed firm, while credit quality remained
strong across consumer and commercial portfolios through the end of the quarter.
"""

DUMP_NO_DATE = """A Story Without a Date

This dump has a long enough paragraph of story text for publication but it never says when the
story was published, so the build must skip it and say why in the report and the warning log.
"""
