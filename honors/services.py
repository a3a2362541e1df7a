"""Writes of the honours app. The admin and the import call these and stay thin."""

from django.db import transaction

from honors.models import Honour, Person
from reports.services import figures_changed


@transaction.atomic
def honour_save(*, honour: Honour, previous_year: int | None = None) -> Honour:
    """Save an honour entered by staff and mark its year (and a year it moved from) stale."""
    honour.full_clean()
    honour.save()
    figures_changed(years=[honour.year, previous_year])
    return honour


@transaction.atomic
def honour_delete(*, honour: Honour) -> None:
    year = honour.year
    honour.delete()
    figures_changed(years=[year])


class PersonMatcher:
    """The people one honours spreadsheet names, read once, and the rule that matches a row to
    one of them: the same name at the same workplace is the same person (the database holds one
    person per name and workplace); anyone else is a new person, kept to be written in bulk
    before the honours that refer to them (``take_new``)."""

    CHUNK = 2000

    def __init__(self, *, names):
        names = sorted({name.strip() for name in names if name and name.strip()})
        self.known: dict[tuple[str, str], Person] = {}
        self.new: list[Person] = []
        for start in range(0, len(names), self.CHUNK):
            for person in Person.objects.filter(name__in=names[start : start + self.CHUNK]):
                self.known[(person.name, person.workplace)] = person

    def match(self, *, name: str, workplace: str, gender: str = "", birth_year=None) -> Person:
        person = self.known.get((name, workplace))
        if person is None:
            person = Person(name=name, workplace=workplace, gender=gender, birth_year=birth_year)
            self.known[(name, workplace)] = person
            self.new.append(person)
        return person

    def take_new(self) -> list[Person]:
        """The new people not yet written, handed over once."""
        new, self.new = self.new, []
        return new
