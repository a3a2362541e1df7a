"""The codes of the standard site kinds: the figures find kinds by code, never by name.

Plain data, so that the data migration that seeds the kinds can import it safely.
"""

SERVICE_CENTRE = "service-centre"
CARE_STATION = "care-station"
PROTECTION_STATION = "protection-station"
NURSING_ROOM = "nursing-room"
READING_ROOM = "reading-room"
LEGAL_AID = "legal-aid"
STUDIO = "studio"

# (code, name, order)
DEFAULT_FACILITIES = [
    ("water", "饮用水", 10),
    ("microwave", "微波炉", 20),
    ("toilet", "卫生间", 30),
    ("charging", "充电", 40),
    ("seating", "休息座椅", 50),
    ("first-aid", "急救箱", 60),
    ("nursing-chair", "哺乳椅", 70),
    ("fridge", "冰箱", 80),
    ("changing-table", "尿布台", 90),
    ("step-free", "无障碍通道", 100),
    ("books", "图书借阅", 110),
    ("wifi", "无线网络", 120),
    ("legal-advice", "法律咨询", 130),
]

COMMON = ["water", "toilet", "seating", "first-aid", "step-free", "wifi"]

# (code, name, short name, order, facility codes)
DEFAULT_KINDS = [
    (SERVICE_CENTRE, "职工服务中心", "服务中心", 10, [*COMMON, "charging", "legal-advice"]),
    (CARE_STATION, "安康·爱心驿站", "爱心驿站", 20, [*COMMON, "microwave", "charging", "fridge"]),
    (PROTECTION_STATION, "劳动保护片区服务站", "片区服务站", 30, [*COMMON, "legal-advice"]),
    (
        NURSING_ROOM,
        "爱心母婴室",
        "母婴室",
        40,
        [*COMMON, "nursing-chair", "fridge", "changing-table", "microwave"],
    ),
    (READING_ROOM, "职工书屋", "书屋", 50, [*COMMON, "books", "charging"]),
    (LEGAL_AID, "法律援助站点", "法律援助", 60, [*COMMON, "legal-advice"]),
    (STUDIO, "劳模/职工创新工作室", "创新工作室", 70, [*COMMON]),
]
