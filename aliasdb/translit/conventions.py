"""How newsrooms and standards write Russian and Ukrainian names in the Latin alphabet.

One table per convention: a Latin spelling (diacritics kept) → skeleton units (see
``cyrillic.py``). Longest spelling wins; ``^`` anchors a spelling to the start of a word, ``$`` to
its end; ``|`` gives alternatives where the convention itself is ambiguous (German ``sch`` is both
ш and ж). A letter that no table lists stands for itself. A name is matched through every
convention at once, so a French and a German spelling of one name meet in the skeleton.
"""

# Common to all Latin conventions: letters that only have one reading in Russian names.
BASE: dict[str, str] = {
    "x": "ks", "q": "k", "w": "v", "y": "i", "j": "i", "ph": "f", "ck": "k",
    "é": "e", "è": "e", "ê": "e", "ë": "e|o|io", "ï": "i", "î": "i", "í": "i", "ì": "i", "ý": "i",
    "á": "a", "à": "a", "â": "a", "ó": "o", "ò": "o", "ô": "o", "ú": "u", "ù": "u", "û": "u", "ü": "iu|u",
    "ö": "e|o|io", "ä": "ia|a|e",
    "yo": "io|e",  # ё, which Russian also prints е: Aksyonov, Aksenov (Аксёнов); Artyom, Artem (issue 17)
}

ENGLISH: dict[str, str] = {  # BGN/PCGN and the press: Khrushchev, Zhukov, Yevgeny, Kharkiv, Luhansk
    "kh": "kh", "zh": "zh", "ch": "ch", "sh": "sh", "shch": "shch", "tch": "ch", "ts": "ts", "tz": "ts",
    "h": "g|kh", "c": "k", "dj": "dzh", "j": "dzh|i",
}

FRENCH: dict[str, str] = {  # Khrouchtchev, Choïgou, Poutine, Belooussov, Sergueï, Guerassimov
    "ch": "sh", "tch": "ch", "chtch": "shch", "j": "zh", "dj": "dzh", "ou": "u", "kh": "kh", "ss": "s",
    "gue": "ge", "gui": "gi", "guï": "gi", "gué": "ge", "qu": "k", "c": "k", "ce": "se", "ci": "si",
    "ine$": "in", "yne$": "in", "you": "iu", "h": "g|", "ts": "ts", "tz": "ts", "ai": "ai", "oï": "oi", "aï": "ai", "eï": "ei",
}

GERMAN: dict[str, str] = {  # Chruschtschow, Schoigu, Selenskyj, Jelzin, Gorbatschow, Prigoschin
    "sch": "sh|zh", "tsch": "ch", "schtsch": "shch", "ch": "kh", "chs": "ks", "w": "v", "v": "v|f",
    "z": "ts|z", "tz": "ts", "s": "s|z", "ss": "s", "j": "i", "dsch": "dzh", "h": "g|kh", "ie": "i|ie",
    "ck": "k", "c": "k", "sh": "sh", "zh": "zh", "kh": "kh",
}

POLISH: dict[str, str] = {  # Chruszczow, Szojgu, Ławrow, Żukow, Jelcyn, Miedwiediew
    "szcz": "shch", "sz": "sh", "cz": "ch", "rz": "zh", "ż": "zh", "ź": "zh", "dż": "dzh", "ch": "kh",
    "h": "g|kh", "w": "v", "ł": "l", "c": "ts", "ck": "tsk", "ś": "s", "ć": "ch", "ń": "n", "ó": "u", "ą": "on", "ę": "en",
    "ie": "e|ie", "ia": "ia|a", "iu": "iu|u", "io": "e|o|io",
}

CZECH: dict[str, str] = {  # Chruščov, Šojgu, Ževago, Jelcin (Czech and Slovak)
    "š": "sh", "č": "ch", "ž": "zh", "šč": "shch", "ř": "rzh", "ch": "kh", "h": "g|kh", "c": "ts",
    "ě": "e", "ů": "u", "ň": "n|ni", "ť": "t|ti", "ď": "d|di", "dž": "dzh", "ľ": "l", "ck": "tsk",
}

SPANISH: dict[str, str] = {  # Jrushchov, Shoigú, Yeltsin, Gorbachov
    "j": "kh", "ch": "ch", "sh": "sh", "ñ": "n", "qu": "k", "gu": "g", "ce": "se", "ci": "si", "c": "k",
    "ll": "l", "ts": "ts", "z": "z|s",
}

ITALIAN: dict[str, str] = {  # Kruscev, Gorbaciov, Scioigu, Eltsin
    "sce": "she|shche", "sci": "sh|shch", "k": "k|kh", "sc": "sk", "ce": "che", "ci": "ch", "ch": "k", "ge": "dzhe", "gi": "dzh",
    "gh": "g", "z": "ts|z", "kh": "kh", "sh": "sh", "zh": "zh", "c": "k",
}

DUTCH: dict[str, str] = {  # Chroesjtsjov, Sjojgoe, Gorbatsjov, Jeltsin
    "oe": "u", "sj": "sh", "tsj": "ch", "sjtsj": "shch", "zj": "zh", "dzj": "dzh", "ch": "kh", "j": "i",
    "w": "v", "g": "g|kh", "u": "u|iu",
}

SCIENTIFIC: dict[str, str] = {  # ISO 9 and the scholarly system: Hruščëv, Šojgu, Žukov, Êlʹcin
    "š": "sh", "č": "ch", "ž": "zh", "ŝ": "shch", "šč": "shch", "h": "kh", "x": "kh", "c": "ts",
    "è": "e", "ê": "e", "û": "iu", "â": "ia", "ǎ": "ia", "ë": "e|o|io", "ì": "i", "ŭ": "u", "ck": "tsk",
}

PASSPORT: dict[str, str] = {  # Russian passports since 2013 (ICAO 9303): Iurii, Andrei, Aleksei, Ekaterina
    "kh": "kh", "zh": "zh", "ts": "ts", "ch": "ch", "sh": "sh", "shch": "shch", "ie": "ie|e", "iu": "iu",
    "ia": "ia",
}

HUNGARIAN: dict[str, str] = {  # Hruscsov, Vlagyivosztok, Gorbacsov, Zelenszkij
    "sz": "s", "s": "sh", "cs": "ch", "zs": "zh", "gy": "d", "ny": "n", "ly": "l", "ty": "t|ti", "c": "ts",
    "scs": "shch", "j": "i", "ck": "tsk", "h": "kh", "ö": "e", "ő": "e", "ü": "iu", "ű": "iu",
}

SCANDINAVIAN: dict[str, str] = {  # Swedish and Norwegian: Chrusjtjov, Gorbatjov, Sjojgu, Jeltsin
    "tj": "ch", "sj": "sh", "sjtj": "shch", "zj": "zh", "dj": "dzh", "ch": "kh", "j": "i", "w": "v",
}

TURKISH: dict[str, str] = {  # Kruşçev, Şoygu, Gorbaçov, Yeltsin
    "ç": "ch", "ş": "sh", "şç": "shch", "c": "dzh", "ı": "i", "j": "zh", "ğ": "", "h": "kh|g",
}

BALTIC: dict[str, str] = {  # Lithuanian and Latvian add case endings: Magadanas, Chruščiovas, Gorbačovs
    "š": "sh", "č": "ch", "ž": "zh", "šč": "shch", "ch": "kh", "h": "g|kh", "c": "ts", "j": "i", "ck": "tsk",
    "tš": "ch", "štš": "shch", "as$": "as|", "is$": "is|", "us$": "us|", "s$": "s|",
    "skis$": "skis|sk|ski", "ckis$": "tskis|tsk|tski",  # Zelenskis, Dostojevskis: -ский (issue 17)
    "ė": "e", "ū": "u", "ī": "i", "ā": "a", "ē": "e",
}

ESPERANTO: dict[str, str] = {  # Ĥruŝĉov, Gorbaĉov, Ĉeĥov, Ĵukov, Puŝkin, Jelcin; x for the hat: Mitisxi
    "ĉ": "ch", "ĝ": "dzh|g", "ĥ": "kh", "ĵ": "zh", "ŝ": "sh", "ŝĉ": "shch", "ŭ": "v|u", "c": "ts", "j": "i",
    "h": "g|kh", "cx": "ch", "gx": "dzh|g", "hx": "kh", "jx": "zh", "sx": "sh|shch", "sxcx": "shch", "ux": "v|u",
}

ROMANIAN: dict[str, str] = {  # Hrușciov, Gorbaciov, Cehov, Jukov, Elțîn, Celeabinsk, Soci
    "ș": "sh", "ş": "sh", "ț": "ts", "ţ": "ts", "ce": "che", "ci": "ch", "cea": "chia", "ciu": "chiu", "cio": "chio",
    "che": "ke", "chi": "ki", "ge": "dzhe", "gi": "dzh", "gh": "g", "j": "zh", "h": "kh|g", "ea": "ia|e", "î": "i", "â": "i",
    "ă": "e|a", "c": "k", "ție": "tsie",
}

AZERBAIJANI: dict[str, str] = {  # Azerbaijani and Tatar Latin: Xruşşov, Qorbaçov, Çexov, Taqanroq, Kurqan
    "q": "g|k", "x": "kh", "ç": "ch", "ş": "sh", "şş": "shch", "c": "dzh", "j": "zh", "ə": "e|a", "ı": "i", "ğ": "g",
}

SERBO_CROATIAN: dict[str, str] = {  # Hruščov, Gorbačov, Čehov, Jeljcin, Kazanj, Rjazanj, Tjumenj
    "nj": "n", "lj": "l", "ć": "ch", "đ": "dzh", "dž": "dzh", "č": "ch", "š": "sh", "ž": "zh", "šč": "shch",
    "h": "kh|g", "c": "ts", "j": "i",
}

ESTONIAN: dict[str, str] = {  # Hruštšov, Gorbatšov, Tšehhov, Jeltsin, Ljubertsõ (õ for ы)
    "õ": "i", "tš": "ch", "štš": "shch", "š": "sh", "ž": "zh", "hh": "kh", "h": "kh|g", "j": "i", "ts": "ts",
}

CATALAN: dict[str, str] = {  # Txékhov, Gorbatxov, Txernihiv, Xali (Шали)
    "tx": "ch", "x": "sh", "ix": "sh", "kh": "kh", "j": "zh", "ny": "n", "ss": "s", "c": "k", "h": "g|kh",
}

_OWN = {
    "english": ENGLISH, "french": FRENCH, "german": GERMAN, "polish": POLISH, "czech": CZECH,
    "spanish": SPANISH, "italian": ITALIAN, "dutch": DUTCH, "scientific": SCIENTIFIC, "passport": PASSPORT,
    "hungarian": HUNGARIAN, "scandinavian": SCANDINAVIAN, "turkish": TURKISH, "baltic": BALTIC,
    "esperanto": ESPERANTO, "romanian": ROMANIAN, "azerbaijani": AZERBAIJANI, "serbo-croatian": SERBO_CROATIAN,
    "estonian": ESTONIAN, "catalan": CATALAN,
}

CONVENTIONS: dict[str, dict[str, str]] = {name: {**BASE, **table} for name, table in _OWN.items()}

#: The spellings each convention reads its own way: a word that holds none of them reads as in
#: BASE, so the convention need not be run on it.
OWN_SPELLINGS: dict[str, tuple[str, ...]] = {
    name: tuple(sorted({k.strip("^$") for k in table})) for name, table in _OWN.items()
}
#: Conventions that share most letters with the others run only on words that show one of their
#: own marks: a Romanian ș, an Azerbaijani q, a Serbian nj (Kazanj), a Catalan tx.
OWN_SPELLINGS |= {
    "esperanto": ("ĉ", "ĝ", "ĥ", "ĵ", "ŝ", "ŭ", "cx", "gx", "hx", "jx", "sx", "ux"),
    "romanian": ("ș", "ş", "ț", "ţ", "î", "â", "ă", "ea", "ci", "ce"),
    "azerbaijani": ("q", "ə", "ı", "şş", "ç"),
    "serbo-croatian": ("nj", "lj", "ć", "đ"),
    "estonian": ("õ", "tš"),
    "catalan": ("tx", "ix"),
}

#: Alternatives a convention allows only loosely, for one spelling among many: Italian k for х
#: (Kruscev), Dutch u for ю. Other parts of a name confirm such a reading; a name of one part (a
#: place, most often) is not met through them alone: Khasan is no Italian Kasan (Kazan), Tumen
#: no Dutch Tyumen (issue 17).
LOOSE: dict[str, dict[str, frozenset[str]]] = {
    "italian": {"k": frozenset({"kh"})},
    "dutch": {"u": frozenset({"iu"}), "g": frozenset({"kh"})},
    "hungarian": {"ty": frozenset({"t"})},  # ty is ть, and тю before u (Tyumeny): not the English ty of Tyumen
}
