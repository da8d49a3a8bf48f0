"""Chinese dates as people write them: 3月11日, not Django's default 03月11日."""

MONTH_DAY_FORMAT = "n月j日"
