"""The codes of the standard honour types: the annual figures filter on these, never on names.

Plain data, so that the data migration that seeds the types can import it safely.
"""

NATIONAL_MODEL_WORKER = "national-model-worker"
PROVINCIAL_MODEL_WORKER = "provincial-model-worker"
MUNICIPAL_MODEL_WORKER = "municipal-model-worker"
MAY_DAY_MEDAL = "may-day-medal"
MAY_DAY_CERTIFICATE = "may-day-certificate"
PIONEER_TEAM = "pioneer-team"
READING_ROOM_DEMO = "reading-room-demo"
READING_ROOM = "reading-room"
MOST_BEAUTIFUL_READING_ROOM = "most-beautiful-reading-room"
READING_ENTERPRISE = "reading-enterprise"
MORAL_MODEL_DEDICATION = "moral-model-dedication"
TEN_BEST_CIVILISED_WORKER = "ten-best-civilised-worker"
SKILL_EXPERT = "skill-expert"
GENERAL = "general"

MAY_DAY_AWARDS = (MAY_DAY_MEDAL, MAY_DAY_CERTIFICATE)

# (code, name, category, recipient kind ("" = any), order)
DEFAULT_HONOUR_TYPES = [
    (NATIONAL_MODEL_WORKER, "全国劳动模范", "model_worker", "individual", 10),
    (PROVINCIAL_MODEL_WORKER, "省劳动模范", "model_worker", "individual", 11),
    (MUNICIPAL_MODEL_WORKER, "市劳动模范", "model_worker", "individual", 12),
    (MAY_DAY_MEDAL, "五一劳动奖章", "may_day", "individual", 20),
    (MAY_DAY_CERTIFICATE, "五一劳动奖状", "may_day", "collective", 21),
    (PIONEER_TEAM, "工人先锋号", "pioneer", "collective", 30),
    (READING_ROOM_DEMO, "职工书屋示范点", "reading", "collective", 40),
    (READING_ROOM, "职工书屋", "reading", "collective", 41),
    (MOST_BEAUTIFUL_READING_ROOM, "最美书屋", "reading", "collective", 42),
    (READING_ENTERPRISE, "书香企业", "reading", "collective", 43),
    (MORAL_MODEL_DEDICATION, "道德模范（敬业奉献之星）", "moral", "individual", 50),
    (TEN_BEST_CIVILISED_WORKER, "省十佳文明职工", "moral", "individual", 51),
    (SKILL_EXPERT, "技术能手", "skill", "individual", 60),
    (GENERAL, "荣誉", "other", "", 90),
]
