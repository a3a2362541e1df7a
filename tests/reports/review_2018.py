"""The 2018 annual review's figures as it prints them, the one table of them the tests check the
demo against (the demo's records are made to give them: tests/rights/test_review_2018.py for
every figure after ``seed_demo``, each app's demo test for its own).

From ``figures-2018.md``, the reference the portal is modelled on.
"""

from decimal import Decimal

#: key → the value the review prints, or (low, high) for “100多家”, “近百场” …
REVIEW_2018 = {
    "federation_honours_city_plus": 27,
    "provincial_plus_may_day_awards": 28,
    "provincial_plus_pioneer_teams": 35,
    "municipal_may_day_awards": 134,
    "municipal_pioneer_teams": 80,
    "reading_rooms_national": 5,
    "reading_rooms_provincial": 8,
    "reading_rooms_most_beautiful": 1,
    "reading_enterprises_new": 10,
    "reading_rooms_municipal_new": 29,
    "moral_models": 5,
    "ten_best_streak_years": 15,
    "innovation_enterprises": 2_720,
    "innovation_workers": 216_000,
    "suggestions": 36_500,
    "innovations": 3_410,
    "advanced_methods": 1_420,
    "innovation_benefit_yuan": Decimal("2150000000"),
    "citywide_skill_contests": 16,
    "skill_contest_participants": 173_900,
    "grade_upgrades": 8_120,
    "skill_champions": 16,
    "ankang_enterprises": 3_881,
    "ankang_teams": 27_800,
    "ankang_workers": 843_100,
    "student_grant_recipients": 194,
    "student_grant_yuan": Decimal("725700"),
    "illness_relief_recipients": 127,
    "illness_relief_yuan": Decimal("1140000"),
    "citywide_aid_yuan": Decimal("13104000"),
    "collective_contract_enterprises": 30_000,
    "wage_contract_enterprises": 28_400,
    "sample_enterprises_monitored": 55,
    "legal_supervision_enterprises": 1_520,
    "legal_opinion_letters": 56,
    "illegal_employment_corrected": 830,
    "legal_service_teams": 10,
    "legal_service_towns": 30,
    "legal_service_enterprises": (101, 199),  # 100多家
    "legal_service_workers": (4_001, 4_999),  # 4000多人次
    "job_services": 10_704,
    "trainings": 7_889,
    "certificates": 1_261,
    "care_stations": 188,
    "protection_stations": 94,
    "nursing_rooms_new": 63,
    "women_classes": 154,
    "recuperation_batches": 41,
    "recuperation_workers": 2_044,
    "heat_visits": 11_000,
    "heat_goods_yuan": (Decimal("15000001"), Decimal("15999999")),  # 1500多万元
    "online_safety_learners": 32_600,
    "culture_events": 215,
    "culture_tutors": (201, 299),  # 200多人次
    "summer_nights_edition": 38,
    "enrolled_workers": 1_052,
    "migrant_housing_families": 80,
    "model_worker_activities": (90, 99),  # 近百场
    "provincial_meetings_hosted": 3,
    "experiences_promoted": 10,
}
