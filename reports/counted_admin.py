"""``CountedRecordsAdmin``: the admin of records that figures count.

Whatever staff change there marks the years whose figures it touches, through ``figures_changed``:
a save marks the years the record counted in as stored and those it counts in now (a record moved
to another year changes both), a delete (one record, or several from the list's action) the years
of the records deleted. An app says how its records reach their years in ``figure_years``.
"""

from django.db.models import QuerySet

from reports.services import figures_changed


class CountedRecordsAdmin:
    #: the lookup from a record to the year it counts in (``"competition__year"``,
    #: ``"held_on__year"`` …), read in one query for any number of records
    year_lookup = "year"

    def figure_years(self, records: QuerySet) -> set[int]:
        """The years whose figures these records count in."""
        return set(records.values_list(self.year_lookup, flat=True))

    def stored(self, obj) -> QuerySet:
        """The record as the database holds it (a new one only once it is saved)."""
        return self.model._default_manager.filter(pk=obj.pk)

    def save_model(self, request, obj, form, change):
        before = self.figure_years(self.stored(obj)) if change else set()
        super().save_model(request, obj, form, change)
        figures_changed(years=before | self.figure_years(self.stored(obj)))

    def delete_model(self, request, obj):
        years = self.figure_years(self.stored(obj))
        super().delete_model(request, obj)
        figures_changed(years=years)

    def delete_queryset(self, request, queryset):
        years = self.figure_years(queryset)
        super().delete_queryset(request, queryset)
        figures_changed(years=years)
