"""``CountedRecordsResource``: the import base of records that figures count.

The shared import base (``unionportal.spreadsheets``) knows nothing of figures, so that the
reference data (organisations, at the bottom of the apps) imports through it without depending on
``reports``. A domain app whose rows some figures count subclasses this resource instead and
gathers, as it reads the rows, the years they count in (``figure_years_imported``); a kept import
that wrote any row marks those years (and the public pages) through ``figures_changed``, as every
other write of those records does.
"""

from collections.abc import Iterable

from reports.services import figures_changed
from unionportal.spreadsheets.resources import PortalResource


class CountedRecordsResource(PortalResource):
    def figure_years_imported(self) -> Iterable[int]:
        """The years whose figures the rows of this import count in, gathered by the app's
        resource as it reads them."""
        raise NotImplementedError

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run") and self.wrote_rows(result):
            figures_changed(years=self.figure_years_imported())
