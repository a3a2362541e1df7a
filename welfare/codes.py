"""The codes by which the annual figures find ledger kinds, their measures and event series.

Kinds and measures are data staff edit (names, new campaigns); these codes are fixed once a
kind exists (the admin shows them read-only), and welfare/demo.py creates the kinds below.
"""

JOB_SERVICES = "job_services"
TRAININGS = "trainings"
WOMEN_CLASSES = "women_classes"
HEAT_RELIEF = "heat_relief"
CULTURE_OUTREACH = "culture_outreach"
CULTURE_TUTORING = "culture_tutoring"

PEOPLE = "people"
SESSIONS = "sessions"
WORKERS_VISITED = "workers_visited"
GOODS_YUAN = "goods_yuan"
EVENTS = "events"
TUTOR_VISITS = "tutor_visits"

SUMMER_NIGHTS = "summer_nights"

#: figure key → (kind code, measure code): the ledger figures of the annual review
LEDGER_FIGURES = {
    "job_services": (JOB_SERVICES, PEOPLE),
    "trainings": (TRAININGS, PEOPLE),
    "women_classes": (WOMEN_CLASSES, SESSIONS),
    "heat_visits": (HEAT_RELIEF, WORKERS_VISITED),
    "heat_goods_yuan": (HEAT_RELIEF, GOODS_YUAN),
    "culture_events": (CULTURE_OUTREACH, EVENTS),
    "culture_tutors": (CULTURE_TUTORING, TUTOR_VISITS),
}
MONEY_FIGURES = {"heat_goods_yuan"}
