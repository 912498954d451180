"""Scale: aliasdb on generated tables of 10k, 100k and 1M entities, beside RapidFuzz.

    python bench/scale.py [--sizes 10000,100000,1000000] [--queries 2000] [--seed 11]
                          [--rf-seconds 60] [--json out.json]

The tables are generated from a fixed seed: Russian, Ukrainian and Korean persons (given name,
patronymic, surname; Korean surname and two-syllable given name) drawn from name pools written
here, plus places and organizations, each with several aliases: the native script and
romanizations in the conventions the press uses (English/BGN-like, French, German, scientific
with háčeks, the Ukrainian national system; Korean press forms, Revised Romanization,
McCune-Reischauer with and without breves, hyphened, spaced or joined). Some conventions of
each entity are kept out of the table and used as queries. The query set mixes aliases as
stored, perturbed ones (case, diacritics, hyphens, word order, a convention not in the table,
one or two typos) and names of generated entities that are not in the table (answer: None).
A spelling the table lists (only case, marks, hyphens or word order changed) denotes the one
entity that lists it; another spelling, the entity whose name it is, unless two entities of the
table bear that name (namesakes are real at a million): then the answer is None.

Every size runs in its own processes, so peak RSS does not mix: one builds the index in
memory from the entities, saves the compiled index and the table's cache entry; a second one
loads it (from the cache, and from the compiled file), answers the queries (and checks that
the answers are those of the freshly built index), then runs RapidFuzz's extractOne over the
same aliases (unidecoded, lower case) with WRatio (cutoff 85) and Jaro-Winkler (cutoff 0.9).
RapidFuzz gets at most --rf-seconds per scorer and size: past that, the figures are for the
queries it got through, and the line says on how many. aliasdb's accuracy is then shown on
that same sample too. Last, a one-shot ``aliasdb lookup`` on the shipped table is timed against
a bare ``python -c pass``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# -- name pools (written for this benchmark) --------------------------------------------------

RU_MALE = """Александр Алексей Анатолий Андрей Антон Аркадий Артём Борис Вадим Валентин Валерий Василий
    Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Глеб Григорий Даниил Денис Дмитрий
    Евгений Егор Иван Игорь Илья Кирилл Константин Лев Леонид Максим Матвей Михаил Никита Николай
    Олег Павел Пётр Роман Руслан Семён Сергей Станислав Степан Тимофей Фёдор Юрий Яков Ярослав
    Арсений Вениамин Всеволод Гавриил Захар Эдуард Эльдар Тимур Ростислав Филипп""".split()
RU_FEMALE = """Александра Алина Алла Анастасия Анна Антонина Валентина Валерия Вера Вероника Виктория
    Галина Дарья Диана Евгения Екатерина Елена Елизавета Жанна Зинаида Зоя Инна Ирина Карина Кира
    Ксения Лариса Лидия Любовь Людмила Маргарита Марина Мария Надежда Наталья Нина Оксана Ольга
    Полина Раиса Светлана София Таисия Тамара Татьяна Ульяна Юлия Яна Эльвира""".split()
#: fathers' names that make regular patronymics (-ович/-евич, -овна/-евна)
RU_FATHERS = """Александр Алексей Анатолий Андрей Антон Аркадий Борис Вадим Валентин Валерий Василий
    Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Григорий Денис Дмитрий Евгений
    Иван Игорь Кирилл Константин Леонид Максим Матвей Михаил Николай Олег Роман Руслан Сергей
    Станислав Степан Тимофей Фёдор Юрий Эдуард Эльдар Тимур Ростислав Филипп Геннадий Аркадий""".split()
RU_SURNAMES = """Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов
    Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров
    Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин
    Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов
    Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов
    Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников
    Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов
    Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов
    Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв
    Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв
    Котов Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев
    Бирюков Горбунов Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов
    Нестеров Симонов Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронцов Суханов Рыбаков
    Шестаков Лавров Шойгу Хрущёв Горбачёв Ельцин Путин Нарышкин Патрушев Бортников Сечин Мишустин
    Собянин Набиуллина Рогозин Чубайс Греф Костин Усманов Дерипаска Вексельберг Потанин Мордашов""".split()
#: roots and endings of more surnames (Бел + ов, Черно + усов)
RU_ROOTS = """Бел Черн Красн Зелен Сер Рыж Сед Лыс Глух Слеп Хром Кос Горб Толст Тонк Долг Корот Мал
    Велик Добр Зл Весел Гром Тих Мудр Умн Глуп Смел Хитр Быстр Скор Медл Хол Тепл Жар Снег Мороз
    Лед Вод Огн Камен Желез Медн Золот Серебр Стекл Песк Глин Земл Гор Лес Пол Луг Бор Рек Озер
    Мор Берег Остр Степн Сад Двор Град Посад Слобод Мельн Кузн Плотн Гонч Ткач Пастух Рыбак Охотн
    Пахар Сапожн Портн Кожевн Бондар Колесн Ковал Столяр Маляр Печн Пекар Мясн Сокол Ястреб Ворон
    Голуб Лебед Журавл Гус Утк Щук Карас Окун Ерш Сом Медвед Волк Лис Заяц Барсук Бобр Куниц Соб
    Кабан Ёж Уж Жук Комар Пчел Шмел Оса Мух Дуб Клён Берёз Осин Ольх Липов Сосн Елов Рябин Калин
    Малин Вишн Слив Груш Яблок Орех Жёлуд Ржан Овс Пшен Греч Горох Бобов Лук Чеснок Капуст Репин""".split()
RU_PREFIXES = "Бело Черно Красно Ново Старо Добро Сухо Круто Толсто Долго Широко Бело Тихо Остро Криво".split()
RU_STEMS = "усов бородов головов носов губов глазов рогов ухов зубов горов лесов водов боров дубов градов".split()

UA_MALE = {  # Ukrainian form: Russian form
    "Олександр": "Александр", "Олексій": "Алексей", "Андрій": "Андрей", "Анатолій": "Анатолий",
    "Богдан": "Богдан", "Валерій": "Валерий", "Василь": "Василий", "Віталій": "Виталий",
    "Віктор": "Виктор", "Володимир": "Владимир", "Геннадій": "Геннадий", "Григорій": "Григорий",
    "Дмитро": "Дмитрий", "Євген": "Евгений", "Іван": "Иван", "Ігор": "Игорь", "Кирило": "Кирилл",
    "Костянтин": "Константин", "Леонід": "Леонид", "Максим": "Максим", "Микола": "Николай",
    "Михайло": "Михаил", "Олег": "Олег", "Павло": "Павел", "Петро": "Пётр", "Сергій": "Сергей",
    "Степан": "Степан", "Тарас": "Тарас", "Юрій": "Юрий", "Ярослав": "Ярослав", "Роман": "Роман",
    "Руслан": "Руслан", "Денис": "Денис", "Микита": "Никита", "Остап": "Остап", "Назар": "Назар",
    "Данило": "Даниил", "Федір": "Фёдор", "Орест": "Орест", "Святослав": "Святослав",
}
UA_FEMALE = {
    "Олена": "Елена", "Наталія": "Наталья", "Ірина": "Ирина", "Тетяна": "Татьяна", "Катерина": "Екатерина",
    "Галина": "Галина", "Людмила": "Людмила", "Світлана": "Светлана", "Марія": "Мария", "Ганна": "Анна",
    "Юлія": "Юлия", "Оксана": "Оксана", "Ольга": "Ольга", "Вікторія": "Виктория", "Надія": "Надежда",
    "Софія": "София", "Дарія": "Дарья", "Ксенія": "Ксения", "Уляна": "Ульяна", "Лариса": "Лариса",
}
UA_SURNAMES = """Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Шевчук Поліщук Бойко Лисенко
    Мельник Кравчук Марченко Руденко Савченко Петренко Клименко Мороз Павленко Левченко Харченко
    Гончаренко Кузьменко Литвиненко Карпенко Романенко Сидоренко Панченко Захарченко Юрченко Іваненко
    Пономаренко Приходько Гриценко Тимошенко Яценко Зеленський Порошенко Кличко Ющенко Кучма Кравець
    Гончар Лук'яненко Мазепа Франко Стельмах Гордієнко Васильченко Остапенко Назаренко Білоус Ковальчук
    Савчук Мартинюк Дмитренко Лозинський Грушевський Оліфіренко Шуфрич Турчинов Аваков Кулеба""".split()
UA_ROOTS = """Білик Сидор Гнат Остап Дорош Гаврил Кирил Мирон Панас Тиміш Гордій Карп Лук Мусій Охрім
    Прокіп Сава Семен Тарас Федор Харитон Юхим Яким Бондар Коваль Кравець Мельник Ткач Швець Гончар
    Коваль Рибак Пасічник Чумак Козак Сотник Осавул Кобзар Гусак Вовк Лис Ведмідь Сокіл Орел Голуб""".split()
UA_ENDINGS = ["енко", "ук", "юк", "чук", "ський", "ич", "ишин", "ів"]

KO_SURNAMES = {  # Hangul: (press, RR, McCune-Reischauer)
    "김": ("Kim", "Gim", "Kim"), "이": ("Lee", "I", "Yi"), "박": ("Park", "Bak", "Pak"), "최": ("Choi", "Choe", "Ch'oe"),
    "정": ("Jung", "Jeong", "Chŏng"), "강": ("Kang", "Gang", "Kang"), "조": ("Cho", "Jo", "Cho"), "윤": ("Yoon", "Yun", "Yun"),
    "장": ("Jang", "Jang", "Chang"), "임": ("Lim", "Im", "Im"), "한": ("Han", "Han", "Han"), "오": ("Oh", "O", "O"),
    "서": ("Seo", "Seo", "Sŏ"), "신": ("Shin", "Sin", "Sin"), "권": ("Kwon", "Gwon", "Kwŏn"), "황": ("Hwang", "Hwang", "Hwang"),
    "안": ("Ahn", "An", "An"), "송": ("Song", "Song", "Song"), "류": ("Ryu", "Ryu", "Ryu"), "전": ("Jeon", "Jeon", "Chŏn"),
    "홍": ("Hong", "Hong", "Hong"), "고": ("Ko", "Go", "Ko"), "문": ("Moon", "Mun", "Mun"), "양": ("Yang", "Yang", "Yang"),
    "손": ("Son", "Son", "Son"), "배": ("Bae", "Bae", "Pae"), "백": ("Baek", "Baek", "Paek"), "허": ("Heo", "Heo", "Hŏ"),
    "유": ("Yoo", "Yu", "Yu"), "남": ("Nam", "Nam", "Nam"), "심": ("Shim", "Sim", "Sim"), "노": ("Roh", "No", "No"),
    "하": ("Ha", "Ha", "Ha"), "곽": ("Kwak", "Gwak", "Kwak"), "성": ("Sung", "Seong", "Sŏng"), "차": ("Cha", "Cha", "Ch'a"),
    "주": ("Joo", "Ju", "Chu"), "우": ("Woo", "U", "U"), "구": ("Koo", "Gu", "Ku"), "민": ("Min", "Min", "Min"),
    "진": ("Jin", "Jin", "Chin"), "나": ("Na", "Na", "Na"), "엄": ("Um", "Eom", "Ŏm"), "채": ("Chae", "Chae", "Ch'ae"),
    "원": ("Won", "Won", "Wŏn"), "천": ("Chun", "Cheon", "Ch'ŏn"), "방": ("Bang", "Bang", "Pang"), "공": ("Kong", "Gong", "Kong"),
    "현": ("Hyun", "Hyeon", "Hyŏn"), "함": ("Ham", "Ham", "Ham"), "변": ("Byun", "Byeon", "Pyŏn"), "염": ("Yeom", "Yeom", "Yŏm"),
    "여": ("Yeo", "Yeo", "Yŏ"), "추": ("Choo", "Chu", "Ch'u"), "도": ("Do", "Do", "To"), "석": ("Seok", "Seok", "Sŏk"),
    "선": ("Sun", "Seon", "Sŏn"), "설": ("Seol", "Seol", "Sŏl"), "마": ("Ma", "Ma", "Ma"), "길": ("Gil", "Gil", "Kil"),
    "연": ("Yeon", "Yeon", "Yŏn"), "위": ("Wi", "Wi", "Wi"), "표": ("Pyo", "Pyo", "P'yo"), "명": ("Myung", "Myeong", "Myŏng"),
    "기": ("Ki", "Gi", "Ki"), "반": ("Ban", "Ban", "Pan"), "왕": ("Wang", "Wang", "Wang"), "금": ("Keum", "Geum", "Kŭm"),
    "옥": ("Ok", "Ok", "Ok"), "육": ("Yuk", "Yuk", "Yuk"), "인": ("In", "In", "In"), "맹": ("Maeng", "Maeng", "Maeng"),
    "탁": ("Tak", "Tak", "T'ak"), "국": ("Kook", "Guk", "Kuk"), "경": ("Kyung", "Gyeong", "Kyŏng"),
    "봉": ("Bong", "Bong", "Pong"),
    "황보": ("Hwangbo", "Hwangbo", "Hwangbo"), "남궁": ("Namgoong", "Namgung", "Namgung"), "제갈": ("Jegal", "Jegal", "Chegal"),
    "선우": ("Sunwoo", "Seonu", "Sŏnu"),
}
KO_SYLLABLES = """민 서 지 현 수 영 준 정 은 혜 진 성 호 우 재 경 상 동 철 미 희 연 선 석 태 형 용 광 명 기 일 훈
    원 주 승 유 하 윤 예 소 아 나 보 규 환 종 식 만 학 근 남 길 순 옥 숙 자 화 란 국 택 섭 완 혁 빈 찬
    건 도 범 인 한 세 대 창 웅 열 욱 정 래 봉 춘 애 향 실 금 덕 복 문 청 강 해 산 송 운 익 철 평 혜 린""".split()
KO_PLACE_TYPES = ("시", "군")
RU_PLACE_ENDINGS = ["ово", "ино", "ск", "горск", "овка", "град", "ицы", "поль", "озерск", "ярск"]
UA_PLACE_ENDINGS = ["івка", "ичі", "ів", "поль", "город", "ове", "ине", "ськ"]
ORG_ENDINGS = [("нефть", "Oil"), ("пром", "Industries"), ("банк", "Bank"), ("строй", "Construction"),
               ("газ", "Gas"), ("энерго", "Energy"), ("транс", "Transport"), ("металл", "Metals")]
KO_ORG_ENDINGS = [("전자", "Electronics", "Jeonja"), ("건설", "Construction", "Geonseol"), ("은행", "Bank", "Eunhaeng"),
                  ("화학", "Chemical", "Hwahak"), ("중공업", "Heavy Industries", "Junggongeop")]

# -- romanization (simple hand-written tables, after the conventions' usual spellings) --------

VOWELS = set("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")
#: letter → (English/BGN-like, French, German, scientific, Ukrainian national 2010)
CYR = {
    "а": ("a", "a", "a", "a", "a"), "б": ("b", "b", "b", "b", "b"), "в": ("v", "v", "w", "v", "v"),
    "г": ("g", "g", "g", "g", "h"), "ґ": ("g", "g", "g", "g", "g"), "д": ("d", "d", "d", "d", "d"),
    "е": ("e", "e", "e", "e", "e"), "ё": ("yo", "io", "jo", "ë", "io"), "ж": ("zh", "j", "sch", "ž", "zh"),
    "з": ("z", "z", "s", "z", "z"), "и": ("i", "i", "i", "i", "y"), "й": ("y", "ï", "j", "j", "i"),
    "к": ("k", "k", "k", "k", "k"), "л": ("l", "l", "l", "l", "l"), "м": ("m", "m", "m", "m", "m"),
    "н": ("n", "n", "n", "n", "n"), "о": ("o", "o", "o", "o", "o"), "п": ("p", "p", "p", "p", "p"),
    "р": ("r", "r", "r", "r", "r"), "с": ("s", "s", "s", "s", "s"), "т": ("t", "t", "t", "t", "t"),
    "у": ("u", "ou", "u", "u", "u"), "ф": ("f", "f", "f", "f", "f"), "х": ("kh", "kh", "ch", "h", "kh"),
    "ц": ("ts", "ts", "z", "c", "ts"), "ч": ("ch", "tch", "tsch", "č", "ch"), "ш": ("sh", "ch", "sch", "š", "sh"),
    "щ": ("shch", "chtch", "schtsch", "šč", "shch"), "ъ": ("", "", "", "", ""), "ы": ("y", "y", "y", "y", "y"),
    "ь": ("", "", "", "", ""), "э": ("e", "e", "e", "è", "e"), "ю": ("yu", "iou", "ju", "ju", "iu"),
    "я": ("ya", "ia", "ja", "ja", "ia"), "і": ("i", "i", "i", "i", "i"), "ї": ("yi", "ï", "ji", "ï", "i"),
    "є": ("ye", "ie", "je", "je", "ie"), "'": ("", "", "", "", ""),
}
CONV = {"en": 0, "fr": 1, "de": 2, "sci": 3, "ua": 4}
#: at a word's start (Ukrainian national) or after a vowel (and at the start, for the others)
CYR_INITIAL = {"е": ("ye", "ie", "je", "e", "e"), "ю": ("yu", "iou", "ju", "ju", "yu"), "я": ("ya", "ia", "ja", "ja", "ya"),
               "є": ("ye", "ie", "je", "je", "ye"), "ї": ("yi", "ï", "ji", "ï", "yi"), "й": ("y", "ï", "j", "j", "y")}


def cyr_word(word: str, conv: str, ukrainian: bool = False) -> str:
    """One Cyrillic word romanized in a convention; г is h in a Ukrainian name."""
    c = CONV[conv]
    w = word.lower()
    out: list[str] = []
    n = len(w)
    for i, ch in enumerate(w):
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < n else ""
        rest = w[i:]
        if rest in ("ий", "ый", "ій") and conv in ("en", "fr", "de") and ch in "иыі":
            out.append("y" if ch == "ы" else {"en": "iy", "fr": "i", "de": "ij"}[conv])
            break
        if conv == "de" and rest in ("ов", "ев", "ёв"):
            out.append({"ов": "ow", "ев": "ew", "ёв": "jow"}[rest])
            break
        if ch == "г" and ukrainian and conv != "sci":
            out.append("h")
            continue
        if ch == "и" and ukrainian:  # Volodymyr in every convention
            out.append("y" if rest != "ий" or conv == "ua" else {"en": "yi", "fr": "y", "de": "yj"}.get(conv, "yj"))
            if rest == "ий" and conv != "ua":
                break
            continue
        if ch == "ё" and prev in "жчшщ" and conv != "sci":
            out.append("o")
            continue
        if ch in CYR_INITIAL and (i == 0 or (prev in VOWELS or prev in "ьъ'") and conv != "ua"):
            val = CYR_INITIAL[ch][c]
        elif ch == "е" and conv == "fr" and prev in VOWELS:
            val = "ïe"
        else:
            val = CYR.get(ch, ch)[c] if ch in CYR else ch
        if conv in ("fr", "de") and ch == "с" and prev in VOWELS and nxt in VOWELS:
            val = "ss"
        if conv == "fr" and ch == "г" and nxt in "еиыйэюяіє":
            val = "gu"
        if conv == "fr" and ch == "и" and prev in VOWELS:
            val = "ï"
        out.append(val)
    text = "".join(out)
    return text[:1].upper() + text[1:]


def cyr(name: str, conv: str, ukrainian: bool = False) -> str:
    return " ".join("-".join(cyr_word(x, conv, ukrainian) for x in w.split("-")) for w in name.split())


_RR_INITIAL = "g kk n d tt r m b pp s ss _ j jj ch k t p h".split()
_MR_INITIAL = "k kk n t tt r m p pp s ss _ ch tch ch' k' t' p' h".split()
_MR_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}
_RR_VOWEL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_MR_VOWEL = "a ae ya yae ŏ e yŏ ye o wa wae oe yo u wŏ we wi yu ŭ ŭi i".split()
_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
          "ng", "t", "t", "k", "t", "p", "t"]


def hangul_syllable(s: str, style: str, after_voiced: bool) -> str:
    """One syllable in ``rr``, ``mr`` (breves, apostrophes), or ``press`` (RR consonants, MR
    vowels without breves: Jong, Un, Dae)."""
    code = ord(s) - 0xAC00
    ini, med, fin = code // 588, code % 588 // 28, code % 28
    if style == "rr":
        c = _RR_INITIAL[ini]
        v = _RR_VOWEL[med]
    elif style == "mr":
        c = _MR_INITIAL[ini]
        if after_voiced:
            c = _MR_VOICED.get(c, c)
        v = _MR_VOWEL[med]
        if c == "s" and v in ("i", "wi") or c == "s" and v.startswith("y"):
            c = "sh"
    else:
        c = _RR_INITIAL[ini]
        v = _MR_VOWEL[med].replace("ŏ", "o").replace("ŭ", "u")
    return c.replace("_", "") + v + _FINAL[fin]


def hangul(word: str, style: str, sep: str = "") -> str:
    out = []
    voiced = False
    for ch in word:
        out.append(hangul_syllable(ch, style, voiced))
        fin = (ord(ch) - 0xAC00) % 28
        voiced = fin in (0, 4, 8, 16, 21)  # a vowel, n, l, m, ng
    text = sep.join(out)
    return text[:1].upper() + text[1:]


def strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).replace("'", "")


# -- entities ---------------------------------------------------------------------------------


class Gen:
    """Entities and their held-out spellings, from one seed."""

    def __init__(self, seed: int):
        self.rnd = random.Random(seed)
        r = self.rnd
        self.ru_surnames = list(dict.fromkeys(RU_SURNAMES + [root + end for root in RU_ROOTS for end in ("ов", "ин", "ский")]
                                              + [p + s for p in RU_PREFIXES for s in RU_STEMS]))
        self.ua_surnames = list(dict.fromkeys(UA_SURNAMES + [root + end for root in UA_ROOTS for end in UA_ENDINGS]))
        self.ko_syll = list(dict.fromkeys(KO_SYLLABLES))
        self.ko_surnames = list(KO_SURNAMES)
        self.ko_weights = [12 if s in ("김", "이", "박") else 4 if s in ("최", "정", "강", "조", "윤", "장", "임") else 1
                           for s in self.ko_surnames]
        self.seen: set[str] = set()
        self.serial = 0
        r.shuffle(self.ru_surnames)

    def next(self) -> dict:
        """One entity: {id, kind, name, aliases, country, key, short_key, held_out: [(text, full)]}."""
        r = self.rnd
        while True:
            x = r.random()
            e = (self.ru_person() if x < 0.38 else self.ua_person() if x < 0.58 else self.ko_person() if x < 0.90
                 else self.place() if x < 0.96 else self.org())
            if e is not None:
                self.serial += 1
                e["id"] = f"{e['kind']}:{slugify(e['name'])}-{self.serial}"
                return e

    def ru_person(self) -> dict:
        r = self.rnd
        female = r.random() < 0.4
        given = r.choice(RU_FEMALE if female else RU_MALE)
        father = r.choice(RU_FATHERS)
        patr = patronymic(father, female)
        sur = r.choice(self.ru_surnames)
        if female:
            sur = feminine(sur)
        return self.slavic(given, patr, sur, "ru", [given], ukrainian=False)

    def ua_person(self) -> dict:
        r = self.rnd
        female = r.random() < 0.4
        given = r.choice(list(UA_FEMALE if female else UA_MALE))
        father = r.choice(list(UA_MALE))
        patr = patronymic(father, female, ukrainian=True)
        sur = r.choice(self.ua_surnames)
        if female:
            sur = feminine(sur, ukrainian=True)
        russian_given = (UA_FEMALE if female else UA_MALE)[given]
        return self.slavic(given, patr, sur, "ua", [russian_given], ukrainian=True)

    def slavic(self, given: str, patr: str, sur: str, country: str, other_given: list[str], ukrainian: bool) -> dict | None:
        full = f"{given} {patr} {sur}"
        if full in self.seen:
            return None
        self.seen.add(full)
        r = self.rnd
        convs = ["ua", "en", "fr", "de"] if ukrainian else ["en", "fr", "de", "sci"]
        lat = {c: (cyr(given, c, ukrainian), cyr(patr, c, ukrainian), cyr(sur, c, ukrainian)) for c in convs}
        main = convs[0]
        spellings: list[tuple[str, bool]] = [(f"{sur} {given} {patr}", True), (f"{given} {sur}", False)]
        for c in convs:
            g, p, s = lat[c]
            spellings.append((f"{g} {s}", False) if r.random() < 0.5 or c == main else (f"{g} {p} {s}", True))
        if ukrainian:  # the Russian form of the name, as Russian media write it
            rus_sur = sur.replace("ський", "ский").replace("ська", "ская").replace("і", "и").replace("ї", "и").replace("є", "е")
            rus_sur = rus_sur.replace("'", "")
            spellings.append((f"{cyr(other_given[0], 'en')} {cyr(rus_sur, 'en')}", False))
        name = f"{lat[main][0]} {lat[main][2]}"
        stored = [spellings[0], spellings[1]] + [s for s in spellings[2:] if r.random() < 0.55]
        stored = [s for s in dict.fromkeys(stored) if s[0] != name]
        held = list(dict.fromkeys(s for s in spellings[2:] if s not in stored and s[0] != name))
        return {"kind": "person", "name": name, "aliases": [s[0] for s in stored], "full": [s[1] for s in stored],
                "country": country, "key": full, "short_key": f"{given} {sur}", "held": held, "latin": lat[main]}

    def ko_person(self) -> dict | None:
        r = self.rnd
        sur = r.choices(self.ko_surnames, self.ko_weights)[0]
        given = r.choice(self.ko_syll) + r.choice(self.ko_syll)
        full = sur + given
        if full in self.seen:
            return None
        self.seen.add(full)
        press, rr, mr = KO_SURNAMES[sur]
        g_press, g_rr, g_mr = hangul(given, "press", "-"), hangul(given, "rr"), hangul(given, "mr", "-")
        spellings = [
            (f"{press} {g_press.lower().capitalize()}", False),             # Kim Jong-un
            (f"{rr} {g_rr}", False),                                        # Gim Jeongeun
            (f"{mr} {g_mr[:1].upper() + g_mr[1:]}", False),                 # Kim Chŏng-ŭn
            (f"{strip_marks(mr)} {' '.join(x.capitalize() for x in strip_marks(g_mr).split('-'))}", False),  # Kim Chong Un
            (f"{press} {' '.join(x.capitalize() for x in g_press.split('-'))}", False),  # Kim Jong Un
        ]
        name = spellings[0][0]
        stored = [(full, False)] + [s for s in spellings[1:] if r.random() < 0.5]
        stored = list(dict.fromkeys(stored))
        held = list(dict.fromkeys(s for s in spellings[1:] if s not in stored))
        return {"kind": "person", "name": name, "aliases": [s[0] for s in stored], "full": [False] * len(stored),
                "country": r.choice(("kr", "kp")), "key": full, "short_key": full, "held": held,
                "latin": (g_press, "", press)}

    def place(self) -> dict | None:
        r = self.rnd
        which = r.random()
        if which < 0.7:
            ukrainian = which < 0.25
            root = r.choice(UA_ROOTS if ukrainian else RU_ROOTS)
            native = root + r.choice(UA_PLACE_ENDINGS if ukrainian else RU_PLACE_ENDINGS)
            if r.random() < 0.3:
                native = r.choice(("Ново", "Старо", "Верхне", "Нижне")) + native.lower()
            if native in self.seen:
                return None
            convs = ["ua", "en", "fr", "de"] if ukrainian else ["en", "fr", "de", "sci"]
            lat = [cyr(native, c, ukrainian) for c in convs]
            country = "ua" if ukrainian else "ru"
        else:
            native = r.choice(self.ko_syll) + r.choice(self.ko_syll)
            if native in self.seen:
                return None
            lat = [hangul(native, "rr"), hangul(native, "mr"), hangul(native, "press"), strip_marks(hangul(native, "mr"))]
            kind_word = r.choice(KO_PLACE_TYPES)
            lat.append(f"{lat[0]}-{'si' if kind_word == '시' else 'gun'}")
            native = native + kind_word if r.random() < 0.5 else native
            country = r.choice(("kr", "kp"))
        self.seen.add(native)
        name = lat[0]
        stored = [native] + [x for x in dict.fromkeys(lat[1:]) if r.random() < 0.5 and x != name]
        held = [(x, False) for x in dict.fromkeys(lat[1:]) if x not in stored and x != name]
        return {"kind": "place", "name": name, "aliases": stored, "full": [False] * len(stored), "country": country,
                "key": native, "short_key": native, "held": held, "latin": None}

    def org(self) -> dict | None:
        r = self.rnd
        if r.random() < 0.7:
            root = r.choice(RU_ROOTS)
            end, english = r.choice(ORG_ENDINGS)
            native = root + end.lower()
            native = native[:1].upper() + native[1:]
            if native in self.seen:
                return None
            lat = [cyr(native, c) for c in ("en", "fr", "de")]
            aliases = [native, f"{lat[0]} {english}"] + lat[1:]
            country = "ru"
        else:
            base = r.choice(self.ko_syll) + r.choice(self.ko_syll)
            end, english, rr_end = r.choice(KO_ORG_ENDINGS)
            native = base + end
            if native in self.seen:
                return None
            lat = [f"{hangul(base, 'rr')} {english}", f"{hangul(base, 'press')} {english}", f"{hangul(base, 'rr')} {rr_end}"]
            aliases = [native] + lat[1:]
            country = "kr"
        self.seen.add(native)
        name = lat[0]
        stored = [a for a in dict.fromkeys(aliases) if a != name and r.random() < 0.8]
        held = [(a, False) for a in dict.fromkeys(aliases) if a not in stored and a != name]
        return {"kind": "org", "name": name, "aliases": stored, "full": [False] * len(stored), "country": country,
                "key": native, "short_key": native, "held": held, "latin": None}


class Namesakes:
    """The ``seen`` of a dense table: a name may be borne by up to ``cap`` entities."""

    def __init__(self, cap: int):
        self.cap, self.count = cap, Counter[str]()

    def __contains__(self, name: str) -> bool:
        return self.count[name] >= self.cap

    def add(self, name: str) -> None:
        self.count[name] += 1


class DenseGen(Gen):
    """A table of near-namesakes and namesakes (up to four bearers of a name): Korean persons
    from five surnames and 40 syllables, Slavic persons from 15 prefixes and 15 stems of
    surnames. Every surname query meets thousands of aliases: the worst case of the candidate
    step, not the typical one."""

    def __init__(self, seed: int):
        super().__init__(seed)
        self.seen = Namesakes(4)  # type: ignore[assignment]
        self.ko_surnames = ["김", "이", "박", "최", "정"]
        self.ko_weights = [1] * len(self.ko_surnames)
        self.ko_syll = self.ko_syll[:40]
        self.ru_surnames = list(dict.fromkeys(p + s for p in RU_PREFIXES for s in RU_STEMS))
        self.ua_surnames = list(dict.fromkeys(root + end for root in UA_ROOTS[:12] for end in UA_ENDINGS))


def patronymic(father: str, female: bool, ukrainian: bool = False) -> str:
    f = father.replace("ё", "е")
    if ukrainian:
        if f == "Микола":
            return "Миколаївна" if female else "Миколайович"
        if f.endswith("й"):
            return f[:-1] + ("ївна" if female else "йович")
        return (f[:-1] if f[-1] in "оа" else f) + ("івна" if female else "ович")
    if f.endswith("ей"):
        return f[:-1] + ("евна" if female else "евич")
    if f.endswith("ий"):  # Юрьевич, but Дмитриевич, Георгиевич
        return f[:-2] + ("и" if f in ("Дмитрий", "Георгий") else "ь") + ("евна" if female else "евич")
    return f + ("овна" if female else "ович")


def feminine(sur: str, ukrainian: bool = False) -> str:
    for m, f in (("ський", "ська"), ("цький", "цька"), ("ский", "ская"), ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"),
                 ("ин", "ина"), ("ын", "ына")):
        if sur.endswith(m):
            return sur[: -len(m)] + f
    return sur


def slugify(text: str) -> str:
    from unidecode import unidecode

    return "-".join("".join(c for c in w if c.isalnum()) for w in unidecode(text).lower().split()) or "x"


# -- queries ----------------------------------------------------------------------------------

KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def typo(text: str, r: random.Random, edits: int) -> str | None:
    words = text.split()
    cands = [i for i, w in enumerate(words) if w.isascii() and w.isalpha() and len(w) >= (9 if edits == 2 else 5)]
    if not cands:
        return None
    i = r.choice(cands)
    w = words[i]
    for _ in range(edits):
        j = r.randrange(1, len(w) - 1)
        op = r.random()
        if op < 0.35:
            w = w[:j] + r.choice(KEYBOARD) + w[j + 1 :]
        elif op < 0.6:
            w = w[:j] + w[j + 1 :]
        elif op < 0.8:
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        else:
            w = w[:j] + r.choice(KEYBOARD) + w[j:]
    if w.lower() == words[i].lower():
        return None
    words[i] = w
    return " ".join(words)


def perturb(text: str, category: str, r: random.Random) -> str | None:
    words = text.split()
    if category == "case":
        return text.upper() if r.random() < 0.5 else text.lower()
    if category == "diacritics":
        if not text.isascii():
            plain = strip_marks(text)
            return plain if plain != text else None
        if not all(w.isascii() for w in words):
            return None
        vowels = [i for i, c in enumerate(text) if c in "aeiou"]
        if not vowels:
            return None
        i = r.choice(vowels)
        return text[:i] + {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}[text[i]] + text[i + 1 :]
    if category == "hyphen":
        if "-" in text:
            return text.replace("-", " ") if r.random() < 0.5 else text.replace("-", "")
        if len(words) == 2 and words[1].isascii() and len(words[1]) >= 4:  # Kim Jongun → Kim Jong-un? only Korean
            return None
        return None
    if category == "order":
        if len(words) < 2:
            return None
        return f"{words[-1]}, {' '.join(words[:-1])}" if r.random() < 0.5 else " ".join(words[-1:] + words[:-1])
    if category == "typo1":
        return typo(text, r, 1)
    if category == "typo2":
        return typo(text, r, 2)
    return text


CATEGORIES = [("exact", 0.18), ("case", 0.08), ("diacritics", 0.07), ("hyphen", 0.06), ("order", 0.1),
              ("convention", 0.18), ("typo1", 0.1), ("typo2", 0.05), ("absent", 0.18)]


def make_queries(table: list[dict], outside: list[dict], count: int, seed: int) -> list[dict]:
    """Queries with their right answer: the entity, or None (not in the table, or a name several
    entities of the table share)."""
    r = random.Random(seed)
    full_count = Counter(e["key"] for e in table)
    short_count = Counter(e["short_key"] for e in table)
    inside_keys = set(full_count) | set(short_count)

    def answer(e: dict, full: bool) -> str | None:
        key = e["key"] if full else e["short_key"]
        return e["id"] if (full_count if full else short_count)[key] == 1 else None

    out: list[dict] = []
    names, weights = zip(*CATEGORIES, strict=True)
    tries = 0
    while len(out) < count and tries < count * 50:
        tries += 1
        cat = r.choices(names, weights)[0]
        if cat == "absent":
            e = r.choice(outside)
            if e["key"] in inside_keys or e["short_key"] in inside_keys:
                continue
            pool = [(e["name"], False)] + list(zip(e["aliases"], e["full"], strict=True)) + e["held"]
            text, _ = r.choice(pool)
            out.append({"q": text, "want": None, "cat": cat})
            continue
        e = r.choice(table)
        if cat == "convention":
            if not e["held"]:
                continue
            text, full = r.choice(e["held"])
            stored = {strip_marks(a).lower() for a in [e["name"], *e["aliases"]]}
            if strip_marks(text).lower() in stored:
                continue
            out.append({"q": text, "want": answer(e, full), "cat": cat})
            continue
        pool = [(e["name"], False)] + list(zip(e["aliases"], e["full"], strict=True))
        if cat == "hyphen":
            pool = [p for p in pool if "-" in p[0]]
        elif cat in ("typo1", "typo2", "diacritics"):
            pool = [p for p in pool if all("a" <= c.lower() <= "z" or not c.isalpha() or c.isascii() is False
                                           and unicodedata.name(c, "").startswith("LATIN") for c in p[0])]
        if not pool:
            continue
        text, full = r.choice(pool)
        q = perturb(text, cat, r)
        if q is None or (cat != "exact" and q == text):
            continue
        if cat.startswith("typo"):
            out.append({"q": q, "want": answer(e, full), "cat": cat})
        else:
            out.append({"q": q, "want": e["id"], "cat": cat, "spelling": spelling(text, cat)})
    # a spelling the table has, but for what the change touched (case, marks, hyphens, order),
    # denotes the one entity that lists it; several that list it are a tie
    wanted = {q["spelling"] for q in out if "spelling" in q}
    owners: dict[str, set[str]] = {}
    for e in table:
        for a in (e["name"], *e["aliases"]):
            for cat in ("exact", "case", "diacritics", "hyphen", "order"):
                k = spelling(a, cat)
                if k in wanted:
                    owners.setdefault(k, set()).add(e["id"])
    for q in out:
        if "spelling" in q:
            q["want"] = q["want"] if len(owners[q.pop("spelling")]) == 1 else None
    return out


def spelling(text: str, change: str) -> str:
    """A spelling as far as a change leaves it (tagged with the change)."""
    if change == "case":
        text = text.lower()
    elif change == "diacritics":
        text = strip_marks(text).lower()
    elif change == "hyphen":
        text = text.lower().replace("-", "").replace(" ", "")
    elif change == "order":
        text = " ".join(sorted(text.lower().replace(",", " ").split()))
    return f"{change}:{text}"


# -- workers ----------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(size: int, seed: int, n_queries: int, dense: bool = False) -> tuple[list[dict], list[dict]]:
    g = DenseGen(seed) if dense else Gen(seed)
    table = [g.next() for _ in range(size)]
    outside = [g.next() for _ in range(max(2000, n_queries))]
    queries = make_queries(table, outside, n_queries, seed + size)
    return table, queries


def generate_dense(size: int, seed: int, n_queries: int) -> tuple[list[dict], list[dict]]:
    return generate(size, seed, n_queries, dense=True)


def to_entities(table: list[dict]) -> list:
    from aliasdb import Entity

    return [Entity(id=e["id"], kind=e["kind"], name=e["name"], aliases=tuple(e["aliases"]), country=e["country"])
            for e in table]


def worker_build(size: int, seed: int, n_queries: int, folder: Path, dense: bool = False) -> dict:
    """Generate, build in memory, save the compiled index and the cache entry; answer the
    queries with the index just built."""
    from aliasdb import AliasDB
    from aliasdb.index import store
    from aliasdb.resolver.front import _version, table_cache_digest

    t = time.perf_counter()
    table, queries = generate(size, seed, n_queries, dense)
    gen_time = time.perf_counter() - t
    entities = to_entities(table)
    aliases = sum(1 + len(e["aliases"]) for e in table)
    # the table as a file (JSON is YAML), for the cache path: only its bytes are read on a hit
    table_path = folder / "table.yaml"
    with table_path.open("w", encoding="utf-8") as f:
        json.dump({"entities": [{"id": e["id"], "kind": e["kind"], "name": e["name"], "aliases": e["aliases"],
                                 "country": e["country"]} for e in table]}, f, ensure_ascii=False)
    (folder / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    del table
    rss_before = peak_rss_mb()
    t = time.perf_counter()
    db = AliasDB(entities, source=str(table_path))
    build_time = time.perf_counter() - t
    t = time.perf_counter()
    db.save(folder / "index.adbx")
    save_time = time.perf_counter() - t
    digest = table_cache_digest(table_path, table_path.read_bytes())
    found = store.cache_path(table_path, digest, _version())
    assert found is not None
    target = Path(found)
    target.parent.mkdir(parents=True, exist_ok=True)
    store.write_index(db.index, target, source=str(table_path), digest=digest, version=_version())
    answers = [getattr(db.resolve(q["q"]), "id", None) for q in queries]
    return {"size": size, "aliases": aliases, "gen_s": gen_time, "build_s": build_time, "save_s": save_time,
            "index_mb": (folder / "index.adbx").stat().st_size / 1e6, "build_rss_mb": peak_rss_mb(),
            "gen_rss_mb": rss_before, "answers": answers}


def score(answers: list[str | None], queries: list[dict]) -> dict[str, int]:
    right = sum(a == q["want"] for a, q in zip(answers, queries, strict=True))
    missed = sum(a is None and q["want"] is not None for a, q in zip(answers, queries, strict=True))
    return {"n": len(queries), "right": right, "wrong": len(queries) - right - missed, "missed": missed}


def timed(resolve, queries: list[dict], budget: float | None = None) -> tuple[list, list[float]]:
    answers, lat = [], []
    clock = time.perf_counter
    start = clock()
    for q in queries:
        t = clock()
        answers.append(resolve(q["q"]))
        lat.append(clock() - t)
        if budget is not None and clock() - start > budget:
            break
    return answers, lat


def latency(lat: list[float]) -> dict[str, float]:
    s = sorted(lat)
    return {"qps": len(s) / sum(s) if s else 0.0, "p50_ms": 1000 * s[len(s) // 2],
            "p99_ms": 1000 * s[min(len(s) - 1, int(len(s) * 0.99))], "mean_ms": 1000 * statistics.fmean(s)}


def worker_query(folder: Path, rf_seconds: float, built_answers: list) -> dict:
    """Load from the cache and from the compiled file, answer the queries, then RapidFuzz."""
    t = time.perf_counter()
    from aliasdb import AliasDB, Entity

    import_s = time.perf_counter() - t
    table_path = folder / "table.yaml"
    t = time.perf_counter()
    db = AliasDB.load(table_path)
    cached_s = time.perf_counter() - t
    assert db.index_path and db.index_path.endswith(".adbx") and "index.adbx" not in db.index_path, db.index_path
    t = time.perf_counter()
    compiled = AliasDB.load(folder / "index.adbx")
    compiled_s = time.perf_counter() - t
    del compiled
    queries = json.loads((folder / "queries.json").read_text(encoding="utf-8"))
    answers, lat = timed(lambda q: getattr(db.resolve(q), "id", None), queries)
    rss = peak_rss_mb()
    again, lat2 = timed(lambda q: getattr(db.resolve(q), "id", None), queries)  # caches warm
    out = {"import_s": import_s, "cached_load_s": cached_s, "compiled_load_s": compiled_s,
           "aliasdb": latency(lat) | score(answers, queries), "rss_mb": rss, "warm": latency(lat2),
           "same_as_built": answers == built_answers == again}
    by_cat: dict[str, list[int]] = {}
    for a, q in zip(answers, queries, strict=True):
        c = by_cat.setdefault(q["cat"], [0, 0, 0])
        c[0] += 1
        c[1] += a == q["want"]
        c[2] += a is not None and a != q["want"]
    out["by_cat"] = by_cat
    from accuracy import RapidFuzzBaseline
    from rapidfuzz import fuzz
    from rapidfuzz.distance import JaroWinkler

    raw = json.loads(table_path.read_text(encoding="utf-8"))["entities"]
    entities = [Entity(id=e["id"], kind=e["kind"], name=e["name"], aliases=tuple(e["aliases"])) for e in raw]
    del raw
    baseline = RapidFuzzBaseline(entities)  # the aliases unidecoded once, for both scorers
    # the same order of queries for both, shuffled so a partial run is a fair sample
    order = list(range(len(queries)))
    random.Random(5).shuffle(order)
    sample = [queries[i] for i in order]
    for label, scorer, cutoff in (("rf_wratio", fuzz.WRatio, 85), ("rf_jw", JaroWinkler.normalized_similarity, 0.9)):
        baseline.scorer, baseline.cutoff = scorer, cutoff
        got, lat = timed(baseline.resolve, sample, rf_seconds)
        done = sample[: len(got)]
        ours = [answers[i] for i in order[: len(got)]]
        out[label] = latency(lat) | score(got, done) | {"aliasdb_same_sample": score(ours, done)}
    return out


def one_shot(repeats: int = 15) -> dict[str, float]:
    """A one-shot ``aliasdb lookup`` on the shipped table against ``python -c pass``: the medians
    of alternate runs, once the table's cache and Python's bytecode are written (as after any
    first run, or an install)."""
    exe = Path(sys.executable)
    cli = exe.parent / "aliasdb"
    cmd = [str(cli)] if cli.exists() else [sys.executable, "-m", "aliasdb.cli"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def best(argv: list[str]) -> float:
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    for _ in range(2):  # the cache, the bytecode
        subprocess.run(cmd + ["lookup", "Andreï Biélooussov"], stdout=subprocess.DEVNULL, check=False, env=env)
    bare = best([sys.executable, "-c", "pass"])
    look = best(cmd + ["lookup", "Andreï Biélooussov"])
    return {"python_s": bare, "lookup_s": look, "ratio": look / bare}


# -- driver -----------------------------------------------------------------------------------


def run_worker(args: list[str], env: dict[str, str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False)
    if proc.returncode:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"worker {args[:2]} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--rf-seconds", type=float, default=60.0, help="time budget of each RapidFuzz scorer per size")
    ap.add_argument("--json", help="write every figure to this file too")
    ap.add_argument("--keep", help="keep the generated files in this folder")
    ap.add_argument("--dense", action="store_true", help="dense tables of near-namesakes (DenseGen) instead")
    ap.add_argument("--worker", choices=["build", "query"], help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker == "build":
        print(json.dumps(worker_build(args.size, args.seed, args.queries, Path(args.dir), args.dense)))
        return 0
    if args.worker == "query":
        built = json.loads((Path(args.dir) / "built.json").read_text())["answers"]
        print(json.dumps(worker_query(Path(args.dir), args.rf_seconds, built)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s]
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="aliasdb-scale-"))
    results = []
    print(f"# bench/scale.py --sizes {args.sizes} --queries {args.queries} --seed {args.seed}{' --dense' * args.dense}"
          f"  ({os.cpu_count()} cores, Python {sys.version.split()[0]}, aliasdb from {ROOT})", flush=True)
    try:
        for size in sizes:
            folder = base / str(size)
            folder.mkdir(parents=True, exist_ok=True)
            env = dict(os.environ, ALIASDB_CACHE=str(folder / "cache"))
            common = ["--size", str(size), "--dir", str(folder), "--seed", str(args.seed), "--queries", str(args.queries),
                      "--rf-seconds", str(args.rf_seconds), *(["--dense"] if args.dense else [])]
            built = run_worker(["--worker", "build", *common], env)
            (folder / "built.json").write_text(json.dumps(built))
            queried = run_worker(["--worker", "query", *common], env)
            res = {k: v for k, v in built.items() if k != "answers"} | queried
            results.append(res)
            report_size(res)
        shot = one_shot()
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    report_summary(results, shot)
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": results, "one_shot": shot}, indent=1))
    return 0


def acc(s: dict) -> str:
    return f"{s['right'] / s['n']:.3f} / {s['wrong'] / s['n']:.3f} / {s['missed'] / s['n']:.3f}"


def report_size(r: dict) -> None:
    a = r["aliasdb"]
    print(f"\n== {r['size']:,} entities, {r['aliases']:,} aliases; {a['n']:,} queries")
    print(f"  build in memory {r['build_s']:.1f} s (peak RSS {r['build_rss_mb']:,.0f} MB, of which generating "
          f"{r['gen_rss_mb']:,.0f}); save {r['save_s']:.2f} s; compiled index {r['index_mb']:,.0f} MB")
    print(f"  load: from cache {r['cached_load_s']:.3f} s, compiled file {r['compiled_load_s']:.3f} s "
          f"(import aliasdb {r['import_s']:.3f} s); answers same as the index just built: {r['same_as_built']}")
    print(f"  {'matcher':<22}{'queries/s':>10}{'p50 ms':>9}{'p99 ms':>9}   right / wrong / missed      n")
    print(f"  {'aliasdb':<22}{a['qps']:>10,.0f}{a['p50_ms']:>9.2f}{a['p99_ms']:>9.2f}   {acc(a)}  {a['n']:>6}"
          f"   (peak RSS {r['rss_mb']:,.0f} MB)")
    w = r["warm"]
    print(f"  {'aliasdb, second pass':<22}{w['qps']:>10,.0f}{w['p50_ms']:>9.2f}{w['p99_ms']:>9.2f}   (the same queries again)")
    for label, name in (("rf_wratio", "RapidFuzz WRatio 85"), ("rf_jw", "RapidFuzz JaroW 0.9")):
        b = r[label]
        print(f"  {name:<22}{b['qps']:>10,.1f}{b['p50_ms']:>9.1f}{b['p99_ms']:>9.1f}   {acc(b)}  {b['n']:>6}"
              f"   aliasdb on the same {b['n']}: {acc(b['aliasdb_same_sample'])}")
    faster = max(r["rf_wratio"]["qps"], r["rf_jw"]["qps"])
    print(f"  ratio aliasdb / faster RapidFuzz queries/s: {a['qps'] / faster:,.1f}x")
    cats = "  ".join(f"{c} {v[1]}/{v[0]}" + (f" ({v[2]} wrong)" if v[2] else "") for c, v in sorted(r["by_cat"].items()))
    print(f"  aliasdb right per category: {cats}", flush=True)


def report_summary(results: list[dict], shot: dict) -> None:
    print("\n== summary")
    print("| entities | build s | cached load s | queries/s | p50 ms | p99 ms | peak RSS MB | right / wrong / missed "
          "| RapidFuzz WRatio q/s | RapidFuzz JW q/s | RF right (WRatio) | ratio |")
    print("| --- " * 12 + "|")
    for r in results:
        a, w, j = r["aliasdb"], r["rf_wratio"], r["rf_jw"]
        print(f"| {r['size']:,} | {r['build_s']:.0f} | {r['cached_load_s']:.2f} | {a['qps']:,.0f} | {a['p50_ms']:.2f} | "
              f"{a['p99_ms']:.2f} | {r['rss_mb']:,.0f} | {acc(a)} | {w['qps']:,.1f} (n={w['n']}) | "
              f"{j['qps']:,.1f} (n={j['n']}) | {w['right'] / w['n']:.3f} | {a['qps'] / max(w['qps'], j['qps']):,.0f}x |")
    if len(results) >= 2:
        lo, hi = results[0], results[-1]
        print(f"resolve time (mean) {lo['size']:,} → {hi['size']:,}: {lo['aliasdb']['mean_ms']:.3f} → "
              f"{hi['aliasdb']['mean_ms']:.3f} ms, growth {hi['aliasdb']['mean_ms'] / lo['aliasdb']['mean_ms']:.2f}x")
    print(f"one-shot `aliasdb lookup` on the shipped table: {shot['lookup_s']:.3f} s against `python -c pass` "
          f"{shot['python_s']:.3f} s: ratio {shot['ratio']:.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())
