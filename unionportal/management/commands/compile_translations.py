"""Compile every locale/*/LC_MESSAGES/django.po into the django.mo beside it, in Python.

Django's own ``compilemessages`` needs GNU gettext's ``msgfmt``; this needs only polib (a test
and development tool, requirements-dev.txt). The compiled files are committed, so that ``make run``
works on a machine with neither; tests/unionportal/test_translations.py fails when a .mo no
longer says what its .po says.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "把 locale 下的 .po 译文编译为 .mo（不需要 GNU gettext）。"
    requires_system_checks = []  # compiles files only: works while the project does not import

    def handle(self, *args, **options):
        try:
            import polib
        except ImportError as error:
            raise CommandError("需要 polib：pip install -r requirements-dev.txt") from error
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(
                    f"{po_path.relative_to(settings.BASE_DIR)}: {po.percent_translated()}%"
                )
