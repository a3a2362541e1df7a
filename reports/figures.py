"""The "entered" figures of the annual review: reported indicators with no records in the apps.

Staff enter their value for each year, with the source, in the admin (填报指标); the rollup puts
them into the year's snapshot beside the computed figures.

Every figure of the 2018 review is now computed from records (rights, welfare, honours,
competitions, stations …); an indicator a new review reports before its records have a home
is declared here with ``entered_figures(Figure(...), owner="reports")``.
"""
