"""The honours figures of the annual review, one aggregate query per group.

Figures filter on ``HonourType.code`` (see honors/codes.py), never on the editable Chinese name.
"""

from django.db.models import Count, Q

from honors import codes
from honors.models import FederationRecognition, Honour, ModelWorkerActivity, RecipientKind
from reports.registry import Figure, Theme, figure_group

Level = Honour.Level
PROVINCIAL_PLUS = Level.at_least(Level.PROVINCIAL)
MUNICIPAL_PLUS = Level.at_least(Level.MUNICIPAL)


@figure_group(
    Figure(
        "federation_honours_city_plus",
        "市总工会获得市级以上荣誉",
        unit="项",
        theme=Theme.HONOURS,
        definition="授予市总工会本身、市级及以上的荣誉项数。",
    ),
    Figure(
        "provincial_plus_may_day_awards",
        "申报获评省级以上五一劳动奖",
        unit="个",
        theme=Theme.HONOURS,
        definition="省级及以上五一劳动奖章（个人）与五一劳动奖状（集体）之和。",
    ),
    Figure(
        "provincial_plus_pioneer_teams",
        "省级以上工人先锋号",
        unit="个",
        theme=Theme.HONOURS,
        definition="省级及以上工人先锋号个数。",
    ),
    Figure(
        "municipal_may_day_awards",
        "选树市五一劳动奖",
        unit="个",
        theme=Theme.HONOURS,
        definition="市级五一劳动奖章与五一劳动奖状之和。",
    ),
    Figure(
        "municipal_pioneer_teams",
        "市工人先锋号",
        unit="个",
        theme=Theme.HONOURS,
        definition="市级工人先锋号个数。",
    ),
    Figure(
        "moral_models",
        "全市道德模范“敬业奉献之星”",
        unit="名",
        theme=Theme.HONOURS,
        definition="当年获评道德模范（敬业奉献之星）的职工人数。",
    ),
)
def honours_of_the_year(year: int) -> dict[str, int]:
    may_day = Q(honour_type__code__in=codes.MAY_DAY_AWARDS)
    pioneer = Q(honour_type__code=codes.PIONEER_TEAM)
    return Honour.objects.filter(year=year).aggregate(
        federation_honours_city_plus=Count(
            "pk", filter=Q(recipient_kind=RecipientKind.FEDERATION, level__in=MUNICIPAL_PLUS)
        ),
        provincial_plus_may_day_awards=Count("pk", filter=may_day & Q(level__in=PROVINCIAL_PLUS)),
        provincial_plus_pioneer_teams=Count("pk", filter=pioneer & Q(level__in=PROVINCIAL_PLUS)),
        municipal_may_day_awards=Count("pk", filter=may_day & Q(level=Level.MUNICIPAL)),
        municipal_pioneer_teams=Count("pk", filter=pioneer & Q(level=Level.MUNICIPAL)),
        moral_models=Count(
            "person", distinct=True, filter=Q(honour_type__code=codes.MORAL_MODEL_DEDICATION)
        ),
    )


@figure_group(
    Figure(
        "reading_rooms_national",
        "职工书屋全国示范点",
        unit="个",
        theme=Theme.READING,
        definition="当年获评国家级职工书屋示范点个数。",
    ),
    Figure(
        "reading_rooms_provincial",
        "职工书屋省示范点",
        unit="个",
        theme=Theme.READING,
        definition="当年获评省级职工书屋示范点个数。",
    ),
    Figure(
        "reading_rooms_most_beautiful",
        "省“最美书屋”",
        unit="个",
        theme=Theme.READING,
        definition="当年获评省级“最美书屋”个数。",
    ),
    Figure(
        "reading_enterprises_new",
        "新建市级书香企业",
        unit="家",
        theme=Theme.READING,
        definition="当年命名的市级书香企业家数。",
    ),
    Figure(
        "reading_rooms_municipal_new",
        "新建市级“职工书屋”",
        unit="家",
        theme=Theme.READING,
        definition="当年命名的市级职工书屋家数。",
    ),
)
def reading_of_the_year(year: int) -> dict[str, int]:
    demo = Q(honour_type__code=codes.READING_ROOM_DEMO)
    return Honour.objects.filter(year=year).aggregate(
        reading_rooms_national=Count("pk", filter=demo & Q(level=Level.NATIONAL)),
        reading_rooms_provincial=Count("pk", filter=demo & Q(level=Level.PROVINCIAL)),
        reading_rooms_most_beautiful=Count(
            "pk",
            filter=Q(honour_type__code=codes.MOST_BEAUTIFUL_READING_ROOM, level=Level.PROVINCIAL),
        ),
        reading_enterprises_new=Count(
            "pk", filter=Q(honour_type__code=codes.READING_ENTERPRISE, level=Level.MUNICIPAL)
        ),
        reading_rooms_municipal_new=Count(
            "pk", filter=Q(honour_type__code=codes.READING_ROOM, level=Level.MUNICIPAL)
        ),
    )


@figure_group(
    Figure(
        "ten_best_streak_years",
        "连续入选“省十佳文明职工”",
        unit="年",
        theme=Theme.HONOURS,
        definition="截至当年，连续每年都有职工入选“省十佳文明职工”的年数。",
    ),
)
def ten_best_streak(year: int) -> dict[str, int]:
    # ONE query fetches the distinct years with such an honour (at most a few dozen values);
    # counting the unbroken run back from `year` over that short list of years is not a loop
    # over rows of records.
    years = set(
        Honour.objects.filter(honour_type__code=codes.TEN_BEST_CIVILISED_WORKER, year__lte=year)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    streak = 0
    while year - streak in years:
        streak += 1
    return {"ten_best_streak_years": streak}


@figure_group(
    Figure(
        "provincial_meetings_hosted",
        "省级以上现场会在本市召开",
        unit="次",
        theme=Theme.HONOURS,
        definition="当年在本市召开的省级及以上工会工作现场会次数。",
        aliases=("现场会",),
    ),
    Figure(
        "experiences_promoted",
        "工作经验在省级以上范围交流推广",
        unit="项",
        theme=Theme.HONOURS,
        definition="当年市总工会工作经验在省级及以上范围交流推广的项数。",
        aliases=("交流推广",),
    ),
)
def federation_recognitions(year: int) -> dict[str, int]:
    Kind = FederationRecognition.Kind
    provincial_plus = Q(year=year, level__in=PROVINCIAL_PLUS)
    return FederationRecognition.objects.filter(provincial_plus).aggregate(
        provincial_meetings_hosted=Count("pk", filter=Q(kind=Kind.MEETING_HOSTED)),
        experiences_promoted=Count("pk", filter=Q(kind=Kind.EXPERIENCE_PROMOTED)),
    )


@figure_group(
    Figure(
        "model_worker_activities",
        "劳模各类主题活动",
        unit="场",
        theme=Theme.HONOURS,
        definition="当年劳模党支部、劳模小组开展的各类主题活动场次。",
        aliases=("劳模主题活动",),
    ),
)
def model_worker_activities(year: int) -> dict[str, int]:
    return ModelWorkerActivity.objects.filter(held_on__year=year).aggregate(
        model_worker_activities=Count("pk")
    )
