"""Demo content: channels, sources, tags, site settings, 30+ articles 2016-2019 with covers drawn
by Pillow (never downloaded), a gallery, and the 2018 annual review with live figure tokens.

Idempotent: everything is keyed by a natural key (slug, name, title) and only what is missing is
created, in bulk. Every person, address and number of the site settings is made up.
"""

import io
import random
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw
from simple_history.utils import bulk_create_with_history

from news.models import (
    Article,
    Channel,
    Gallery,
    Photo,
    SiteSettings,
    Source,
    Tag,
    cover_upload_to,
    photo_upload_to,
)
from news.renditions import renditions_make
from news.sanitize import sanitize_html
from news.search_index import search_entries_sync
from news.services import article_search_index

SHANGHAI = ZoneInfo("Asia/Shanghai")
ANNUAL_REVIEW_TITLE = "市总工会2018年工作综述"

# (slug, name, parent slug, order, show_in_nav, show_on_home)
CHANNELS = [
    ("news", "新闻", None, 1, True, True),
    ("union-news", "工会动态", "news", 1, True, False),
    ("grassroots", "基层动态", "news", 2, True, False),
    ("notices", "公告活动", "news", 3, True, False),
    ("model-stories", "劳模风采", None, 2, False, True),
    ("pictures", "图片", None, 3, True, False),
    ("hot-photos", "酷图热图", "pictures", 1, True, False),
    ("rights", "维权服务", None, 4, True, True),
    ("topics", "专题", None, 5, True, False),
    ("annual-review", "年度综述", "topics", 1, True, False),
]

SOURCES = ["市总工会", "本网", "江海职工报", "市总工会宣教部", "基层工会供稿"]
TAGS = ["助学", "技能竞赛", "劳模", "安康杯", "维权", "疗休养", "职工书屋", "年度综述", "集体协商"]

PALETTES = [
    ((179, 0, 27), (235, 120, 60)),
    ((20, 80, 150), (90, 170, 220)),
    ((30, 120, 80), (150, 200, 110)),
    ((120, 40, 120), (230, 140, 170)),
    ((200, 120, 20), (250, 210, 90)),
]

# (title, channel, source, date, tags, headline, pinned, summary)
ARTICLES = [
    (
        "全市职工职业技能大赛开幕 十个行业同台比武",
        "union-news",
        "本网",
        "2019-04-12",
        ["技能竞赛"],
        True,
        False,
        "大赛设焊工、电工、快递员等多个工种，一线职工踊跃报名。",
    ),
    (
        "市总工会启动2019年春送岗位活动",
        "union-news",
        "市总工会",
        "2019-02-18",
        ["维权"],
        False,
        True,
        "现场提供岗位三千余个，帮助返乡职工和困难群体就业。",
    ),
    (
        "“五一”前夕市领导走访慰问劳模代表",
        "union-news",
        "江海职工报",
        "2019-04-28",
        ["劳模"],
        True,
        False,
        "走访中了解劳模的工作生活情况，送上节日问候。",
    ),
    (
        "2019年金秋助学申报工作开始",
        "notices",
        "市总工会",
        "2019-07-01",
        ["助学"],
        False,
        True,
        "困难职工家庭子女考入高校的，可向所在单位工会申请。",
    ),
    (
        "职工疗休养活动报名通知",
        "notices",
        "市总工会",
        "2019-03-20",
        ["疗休养"],
        False,
        False,
        "一线职工、劳模工匠可通过基层工会报名参加。",
    ),
    (
        "开发区工会举办青年职工联谊活动",
        "grassroots",
        "基层工会供稿",
        "2019-05-16",
        [],
        False,
        False,
        "两百余名青年职工参加，现场气氛热烈。",
    ),
    (
        "港口集团工会开展“安康杯”知识竞赛",
        "grassroots",
        "基层工会供稿",
        "2019-06-11",
        ["安康杯"],
        False,
        False,
        "以赛促学，提升班组安全生产意识。",
    ),
    (
        "劳动法律监督员培训班开班",
        "rights",
        "市总工会",
        "2019-03-08",
        ["维权"],
        False,
        False,
        "来自各县区的监督员学习劳动合同和工资支付法规。",
    ),
    (
        "职工法律援助站点走进工业园区",
        "rights",
        "本网",
        "2019-05-22",
        ["维权"],
        False,
        False,
        "律师现场解答劳动合同、社会保险等问题。",
    ),
    (
        "全国劳模张建华：三十年坚守一线的“焊花”",
        "model-stories",
        "江海职工报",
        "2019-04-30",
        ["劳模"],
        False,
        False,
        "从学徒到技能大师，他带出了一支过硬的焊工队伍。",
    ),
    (
        "省劳模陈秀英：把车间当成自己的家",
        "model-stories",
        "本网",
        "2018-04-26",
        ["劳模"],
        False,
        False,
        "她带领的班组连续五年零差错。",
    ),
    (
        "劳模创新工作室成果发布会举行",
        "model-stories",
        "市总工会宣教部",
        "2018-09-19",
        ["劳模", "技能竞赛"],
        False,
        False,
        "十二个工作室发布技术革新成果。",
    ),
    (
        "市总工会召开十三届三次全委会议",
        "union-news",
        "市总工会",
        "2018-01-25",
        [],
        False,
        False,
        "会议总结上一年工作，部署新一年任务。",
    ),
    (
        "2018年金秋助学金发放仪式举行",
        "union-news",
        "本网",
        "2018-08-28",
        ["助学"],
        False,
        False,
        "市总工会向困难职工家庭子女发放助学金。",
    ),
    (
        "全市“城建交通大会战”劳动竞赛推进会召开",
        "union-news",
        "江海职工报",
        "2018-06-14",
        ["技能竞赛"],
        False,
        False,
        "轨道交通、铁路工程等重点项目参赛单位交流经验。",
    ),
    (
        "创新升级竞赛表彰一批先进班组",
        "union-news",
        "市总工会",
        "2018-12-06",
        ["技能竞赛"],
        False,
        False,
        "合理化建议和技术革新成果丰硕。",
    ),
    (
        "高温慰问送清凉活动启动",
        "grassroots",
        "基层工会供稿",
        "2018-07-10",
        [],
        False,
        False,
        "工会干部深入工地、道路养护一线看望职工。",
    ),
    (
        "快递行业职业技能竞赛圆满落幕",
        "grassroots",
        "本网",
        "2018-10-18",
        ["技能竞赛"],
        False,
        False,
        "分拣、派送、客服三个项目同时比拼。",
    ),
    (
        "“职工书屋”示范点建设经验交流会召开",
        "union-news",
        "市总工会宣教部",
        "2018-05-23",
        ["职工书屋"],
        False,
        False,
        "示范点代表介绍读书活动开展情况。",
    ),
    (
        "集体协商“要约月”行动全面展开",
        "rights",
        "市总工会",
        "2018-04-02",
        ["集体协商", "维权"],
        False,
        False,
        "以工资增长和劳动条件为重点开展协商。",
    ),
    (
        "女职工特殊权益保护专项检查开展",
        "rights",
        "本网",
        "2018-11-13",
        ["维权"],
        False,
        False,
        "检查覆盖各县区重点企业。",
    ),
    (
        "“安康杯”竞赛经验在全国会议上交流",
        "union-news",
        "江海职工报",
        "2018-12-20",
        ["安康杯"],
        False,
        False,
        "隐患排查随手拍等做法受到肯定。",
    ),
    (
        "2017年度职工疗休养工作总结",
        "notices",
        "市总工会",
        "2017-12-15",
        ["疗休养"],
        False,
        False,
        "全年组织一线职工分批疗休养。",
    ),
    (
        "市总工会部署2017年困难职工帮扶工作",
        "union-news",
        "市总工会",
        "2017-02-09",
        [],
        False,
        False,
        "实行精准帮扶，建立动态管理档案。",
    ),
    (
        "电工职业技能竞赛决赛举行",
        "grassroots",
        "基层工会供稿",
        "2017-09-27",
        ["技能竞赛"],
        False,
        False,
        "四十名选手进入决赛。",
    ),
    (
        "劳模事迹报告会走进校园",
        "model-stories",
        "市总工会宣教部",
        "2017-05-10",
        ["劳模"],
        False,
        False,
        "劳模讲述自己的成长经历。",
    ),
    (
        "农民工欠薪维权绿色通道开通",
        "rights",
        "本网",
        "2017-01-16",
        ["维权"],
        False,
        False,
        "春节前集中受理拖欠工资投诉。",
    ),
    (
        "职工书屋新添图书一万册",
        "grassroots",
        "基层工会供稿",
        "2017-04-23",
        ["职工书屋"],
        False,
        False,
        "世界读书日前夕图书送到企业。",
    ),
    (
        "市总工会开展“送温暖”活动",
        "union-news",
        "江海职工报",
        "2016-01-28",
        [],
        False,
        False,
        "走访慰问困难职工和劳模。",
    ),
    (
        "2016年全市职工运动会开幕",
        "union-news",
        "本网",
        "2016-10-15",
        [],
        False,
        False,
        "来自各行业的职工参加十余个项目的比赛。",
    ),
    (
        "首批市级职工创新工作室命名",
        "model-stories",
        "市总工会",
        "2016-06-21",
        ["劳模", "技能竞赛"],
        False,
        False,
        "命名一批以劳模名字命名的创新工作室。",
    ),
    (
        "工会法律援助服务热线开通",
        "rights",
        "市总工会",
        "2016-03-15",
        ["维权"],
        False,
        False,
        "职工可通过热线咨询劳动法律问题。",
    ),
    (
        "社区工会服务站挂牌",
        "grassroots",
        "基层工会供稿",
        "2016-09-06",
        [],
        False,
        False,
        "为辖区小微企业职工提供服务。",
    ),
    (
        "“濠滨夏夜”职工广场文艺演出精彩上演",
        "hot-photos",
        "本网",
        "2018-07-21",
        [],
        False,
        False,
        "职工文艺骨干登台献艺。",
    ),
]

PARAGRAPHS = [
    "活动由市总工会主办，各县（市、区）总工会和产业工会协办，参与单位覆盖制造、建筑、交通、服务等多个行业。",
    "工会干部深入企业车间和项目工地，面对面听取职工意见，把职工最关心的就业、收入、安全和健康问题列为工作重点。",
    "参加活动的职工表示，工会搭建的平台让大家学到了本领、得到了实惠，也感受到了“职工之家”的温暖。",
    "下一步，市总工会将总结经验做法，完善长效机制，推动各项服务更加精准、更加便捷地惠及广大职工。",
    "有关单位和个人如需了解详情，可咨询所在单位工会或拨打市总工会服务热线。",
]

ANNUAL_REVIEW_SUMMARY = (
    "一年来，市总工会在引领职工、服务发展、维护权益和改革创新等方面交出了一份扎实的答卷，"
    "多项工作经验在省级以上会议上交流推广。"
)

ANNUAL_REVIEW_BODY = """
<p>2018年，市总工会在市委和上级工会的领导下，围绕“工会在身边”这条主线，把服务全市发展大局和服务职工群众结合起来，各项工作取得新的进展。全年市总工会本身获得市级以上荣誉[[figure:2018:federation_honours_city_plus]]，省级以上现场会在本市召开[[figure:2018:provincial_meetings_hosted]]，工作经验在省级以上范围交流推广[[figure:2018:experiences_promoted]]。</p>
<h2>一、思想引领：让先进典型走到职工身边</h2>
<p>市总工会坚持把思想政治引领放在首位，利用企业一线的“学习大课堂”开展宣讲，组织职工参加演讲、诵读、摄影和短视频等群众性活动，把社会主义核心价值观融入职工的工作和生活。</p>
<p>选树典型是引领的重要抓手。这一年，全市申报获评省级以上五一劳动奖[[figure:2018:provincial_plus_may_day_awards]]、省级以上工人先锋号[[figure:2018:provincial_plus_pioneer_teams]]；评选市五一劳动奖[[figure:2018:municipal_may_day_awards]]、市工人先锋号[[figure:2018:municipal_pioneer_teams]]。全市已连续[[figure:2018:ten_best_streak_years]]有职工入选“省十佳文明职工”，另有[[figure:2018:moral_models]]职工获评全市道德模范“敬业奉献之星”。</p>
<p>读书阵地建设同步推进：新获评全国“职工书屋”示范点[[figure:2018:reading_rooms_national]]、省示范点[[figure:2018:reading_rooms_provincial]]、省“最美书屋”[[figure:2018:reading_rooms_most_beautiful]]，新建市级书香企业[[figure:2018:reading_enterprises_new]]、市级“职工书屋”[[figure:2018:reading_rooms_municipal_new]]。劳模党支部“薪火工程”启动实施，劳模党支部和劳模小组全年开展各类主题活动[[figure:2018:model_worker_activities]]，在送技术、献爱心等行动中发挥了带动作用。</p>
<h2>二、建功立业：竞赛把职工的智慧变成效益</h2>
<p>围绕重大项目和产业转型，市总工会组织开展“城建交通大会战”劳动竞赛和创新升级竞赛，引导企业班组开展“五小”活动。全年参加创新升级竞赛的企业有[[figure:2018:innovation_enterprises]]，参与职工[[figure:2018:innovation_workers]]；职工提出合理化建议[[figure:2018:suggestions]]，完成技术革新和技术攻关[[figure:2018:innovations]]，总结推广先进操作法[[figure:2018:advanced_methods]]，创造经济效益[[figure:2018:innovation_benefit_yuan]]。</p>
<p>技能竞赛以十大行业职工职业技能大赛为龙头，全年举办全市性职业技能竞赛[[figure:2018:citywide_skill_contests]]，参加各级各类技能竞赛的职工达[[figure:2018:skill_contest_participants]]，通过竞赛提升技术等级[[figure:2018:grade_upgrades]]，产生技术状元[[figure:2018:skill_champions]]。</p>
<h2>三、帮扶解困：把温暖送到最需要的地方</h2>
<p>市总工会提高困难职工救助标准，推行“双维帮扶”，既解眼前之急，又助长远脱困。这一年，市总工会本级为困难家庭子女[[figure:2018:student_grant_recipients]]发放助学金[[figure:2018:student_grant_yuan]]，为重病职工[[figure:2018:illness_relief_recipients]]发放救助金[[figure:2018:illness_relief_yuan]]；全市各级工会投入帮扶资金合计[[figure:2018:citywide_aid_yuan]]。</p>
<h2>四、维权服务：让劳动关系更加和谐</h2>
<p>工资集体协商“要约月”行动在春秋两季展开，全市签订集体合同的企业[[figure:2018:collective_contract_enterprises]]，签订工资专项集体合同的企业[[figure:2018:wage_contract_enterprises]]；劳动关系采集监测覆盖样本企业[[figure:2018:sample_enterprises_monitored]]。市、县、乡三级劳动法律监督组织走进[[figure:2018:legal_supervision_enterprises]]企业开展监督，发出监督意见书[[figure:2018:legal_opinion_letters]]，纠正违法用工[[figure:2018:illegal_employment_corrected]]。[[figure:2018:legal_service_teams]]工会法律阳光志愿服务队深入乡镇（街道）、社区[[figure:2018:legal_service_towns]]，走进企业[[figure:2018:legal_service_enterprises]]，直接服务职工[[figure:2018:legal_service_workers]]。</p>
<p>“安康杯”竞赛覆盖面继续扩大，参赛企业[[figure:2018:ankang_enterprises]]、参赛班组[[figure:2018:ankang_teams]]、参赛职工[[figure:2018:ankang_workers]]，[[figure:2018:online_safety_learners]]参加了“网上安康课堂”学习。</p>
<p>普惠服务更贴近职工：提供免费就业服务[[figure:2018:job_services]]，开展就业创业和技能培训[[figure:2018:trainings]]，帮助[[figure:2018:certificates]]取得职业资格证书；建成“安康·爱心驿站”[[figure:2018:care_stations]]、劳动保护片区服务站[[figure:2018:protection_stations]]，新增“爱心母婴室”[[figure:2018:nursing_rooms_new]]，举办女职工美丽课堂[[figure:2018:women_classes]]；组织疗休养[[figure:2018:recuperation_batches]]、共[[figure:2018:recuperation_workers]]一线职工和劳模工匠参加；走访慰问高温一线作业劳动者[[figure:2018:heat_visits]]，发放防暑降温用品价值[[figure:2018:heat_goods_yuan]]；送演出、送展览、送电影进基层[[figure:2018:culture_events]]，选派文艺骨干到一线辅导[[figure:2018:culture_tutors]]，“濠滨夏夜”广场文化活动连续第[[figure:2018:summer_nights_edition]]举办；学历提升行动中在读职工达到[[figure:2018:enrolled_workers]]，优秀农民工[[figure:2018:migrant_housing_families]]拿到了经济适用住房的钥匙。</p>
<p>新的一年，市总工会将继续深化工会改革，把更多资源用在基层、用在职工身上，为建设幸福美好的城市凝聚职工力量。</p>
"""


def _when(day: str, hour: int = 9, minute: int = 30) -> datetime:
    return datetime.strptime(day, "%Y-%m-%d").replace(hour=hour, minute=minute, tzinfo=SHANGHAI)


def _banner(seed: int, size=(960, 540)) -> bytes:
    """A simple coloured banner: a gradient and a few shapes, no text, no font needed."""
    rng = random.Random(seed)
    start, end = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = Image.new("RGB", size, start)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 6):
        t = y / height
        colour = tuple(int(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.rectangle([0, y, width, y + 6], fill=colour)
    for _ in range(6):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(30, 140)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=4)
    draw.polygon(
        [
            (0, height),
            (width * 0.35, height * 0.55),
            (width * 0.6, height * 0.8),
            (width, height * 0.5),
            (width, height),
        ],
        fill=(255, 255, 255),
    )
    draw.rectangle([40, 40, 200, 52], fill=(255, 215, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _save_image(upload_to, seed: int, size=(960, 540)) -> str:
    return default_storage.save(
        upload_to(None, f"demo{seed}.jpg"), ContentFile(_banner(seed, size))
    )


def _body(seed: int, summary: str) -> str:
    rng = random.Random(seed)
    paragraphs = [summary, *rng.sample(PARAGRAPHS, 3)]
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def seed_channels() -> dict[str, Channel]:
    existing = {channel.slug: channel for channel in Channel.objects.all()}
    for slug, name, parent, order, in_nav, on_home in CHANNELS:
        if slug not in existing:
            existing[slug] = Channel.objects.create(
                slug=slug,
                name=name,
                parent=existing.get(parent),
                order=order,
                show_in_nav=in_nav,
                show_on_home=on_home,
            )
    return existing


def seed() -> None:
    SiteSettings.objects.get_or_create(
        pk=1,
        defaults={
            "site_name": "市总工会",
            "organiser": "市总工会（演示）",
            "address": "江海市人民中路100号职工服务中心",
            "postcode": "226000",
            "phone": "0513-00000000",
            "email": "office@union.example.org",
            "icp_number": "苏ICP备00000000号",
            "police_number": "苏公网安备 32000000000000号",
            "site_code": "0000000000",
            "disclaimer": "本网站所刊登、转载的部分图文来自其他媒体，仅为传递更多信息，"
            "不代表本网观点；如有侵权，请与本网联系处理。",
            "description": "市总工会门户：工会新闻、劳模风采、竞赛与年度报告。",
        },
    )
    channels = seed_channels()
    sources = {s.name: s for s in Source.objects.all()}
    Source.objects.bulk_create(
        [Source(name=name, order=i) for i, name in enumerate(SOURCES) if name not in sources]
    )
    sources = {s.name: s for s in Source.objects.all()}
    Tag.objects.bulk_create([Tag(name=name) for name in TAGS], ignore_conflicts=True)
    tags = {t.name: t for t in Tag.objects.all()}

    existing_titles = set(Article.objects.values_list("title", flat=True))
    new_articles, new_tags = [], []
    for seed_number, (
        title,
        channel,
        source,
        day,
        tag_names,
        headline,
        pinned,
        summary,
    ) in enumerate(ARTICLES):
        if title in existing_titles:
            continue
        cover = _save_image(cover_upload_to, seed_number) if seed_number % 4 != 3 else ""
        new_articles.append(
            Article(
                title=title,
                channel=channels[channel],
                source=sources[source],
                summary=summary,
                body=sanitize_html(_body(seed_number, summary)),
                cover=cover,
                cover_alt=f"{title}（示意图）" if cover else "",
                author=random.Random(seed_number).choice(["李文", "周敏", "陈晨", "王青", "赵磊"]),
                responsible_editor=random.Random(seed_number + 7).choice(["孙悦", "钱进", "吴桐"]),
                publish_at=_when(day, 8 + seed_number % 9, (seed_number * 7) % 60),
                status=Article.Status.APPROVED,
                is_headline=headline,
                is_pinned=pinned,
                view_count=random.Random(seed_number).randint(80, 2400),
            )
        )
        new_tags.append(tag_names)
    if ANNUAL_REVIEW_TITLE not in existing_titles:
        new_articles.append(
            Article(
                title=ANNUAL_REVIEW_TITLE,
                subtitle="优化作风强基础　服务职工创一流",
                channel=channels["annual-review"],
                source=sources["市总工会"],
                summary=ANNUAL_REVIEW_SUMMARY,
                body=sanitize_html(ANNUAL_REVIEW_BODY.strip()),
                cover=_save_image(cover_upload_to, 99),
                cover_alt="2018年工作综述题图",
                author="市总工会办公室",
                responsible_editor="孙悦",
                publish_at=_when("2019-01-10", 9, 25).replace(second=45),
                status=Article.Status.APPROVED,
                is_headline=True,
                view_count=3180,
            )
        )
        new_tags.append(["年度综述", "劳模", "技能竞赛", "助学", "安康杯"])
    if "职工书屋建设情况征求意见稿" not in existing_titles:
        new_articles.append(
            Article(
                title="职工书屋建设情况征求意见稿",
                channel=channels["notices"],
                source=sources["本网"],
                summary="待审核的稿件，用于演示审核流程。",
                body="<p>征求意见稿正文。</p>",
                publish_at=_when("2019-06-01"),
                status=Article.Status.SUBMITTED,
            )
        )
        new_tags.append(["职工书屋"])
    if new_articles:
        _create_articles(new_articles, new_tags, tags)
    _seed_gallery()
    # the people, honours, competitions, enterprises and figures the other apps' demos made
    search_entries_sync()


def _create_articles(new_articles, new_tags, tags) -> None:
    bulk_create_with_history(new_articles, Article, batch_size=100)
    created = list(Article.objects.filter(title__in=[a.title for a in new_articles]))
    by_title = {article.title: article for article in created}
    Through = Article.tags.through
    Through.objects.bulk_create(
        [
            Through(article_id=by_title[article.title].pk, tag_id=tags[name].pk)
            for article, names in zip(new_articles, new_tags, strict=True)
            for name in names
        ]
    )
    for article in created:
        if article.cover:
            article.cover_renditions = renditions_make(article.cover)[0]
    Article.objects.bulk_update(created, ["cover_renditions"])
    article_search_index(article_ids=[article.pk for article in created])


def _seed_gallery() -> None:
    if Gallery.objects.filter(slug="union-life-2018").exists():
        return
    article = Article.objects.filter(title="“濠滨夏夜”职工广场文艺演出精彩上演").first()
    gallery = Gallery.objects.create(
        title="2018职工风采影像",
        slug="union-life-2018",
        description="劳动竞赛、技能比武、文体活动中的职工身影。",
        article=article,
        created_at=_when("2018-12-28"),
    )
    captions = [
        ("技能比武现场", "焊工选手在比赛工位上操作"),
        ("劳模工作室", "劳模与徒弟围在工作台前讨论图纸"),
        ("职工书屋", "职工在书屋里挑选图书"),
        ("安康杯知识竞赛", "参赛班组在台上抢答"),
        ("金秋助学", "受助学生从工会干部手中接过助学金"),
        ("濠滨夏夜", "职工文艺骨干在广场舞台上演出"),
        ("高温慰问", "工会干部为道路养护工人送上清凉物品"),
        ("职工运动会", "拔河比赛双方队员奋力用劲"),
        ("春送岗位", "求职者在招聘摊位前咨询"),
    ]
    photos = []
    for order, (caption, alt) in enumerate(captions):
        photos.append(
            Photo(
                gallery=gallery,
                image=_save_image(photo_upload_to, 200 + order, (1200, 675)),
                caption=caption,
                alt_text=alt,
                order=order,
            )
        )
    Photo.objects.bulk_create(photos)
    photos = list(gallery.photos.all())
    for photo in photos:
        photo.renditions, (photo.width, photo.height) = renditions_make(photo.image)
    Photo.objects.bulk_update(photos, ["renditions", "width", "height"])
