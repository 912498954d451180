"""Korean: Hangul syllables and their romanizations → one coarse key.

Revised Romanization (Jeong-eun), McCune–Reischauer (Chŏng-ŭn), the North Korean press
(Jong Un) and the South Korean press (Jung, Sung, Hyun, Lee) disagree on voicing (g/k, d/t,
b/p, j/ch), on the vowels ㅓ and ㅡ (eo, ŏ, o, u; eu, ŭ, u) and on ㄹ (r/l). The key keeps
what they agree on: each jamo is read to the coarse class below, and a Latin spelling is read
with the alternatives its letters allow (press ``u`` is ㅜ, ㅡ or ㅓ). Syllables stay apart in
the Hangul, so Jong-un (정은) and Jong-il (정일) never meet.
"""

# Initial consonants, in Unicode order (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ): voicing and
# tensing are dropped (g/k, j/ch), aspiration is kept (ㅈ ch, ㅊ chh), since every system marks it.
INITIALS = ("k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "ch", "ch", "chh", "kh", "th", "ph", "h")
# Vowels (ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ), in Revised Romanization.
VOWELS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
          "yu", "eu", "ui", "i")
# Finals (none ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ).
FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
          "t", "ng", "t", "t", "k", "t", "p", "t")

# Latin spellings → those units, longest first; ``|`` separates what one spelling may stand for in
# some system: MR k is ㄱ, RR k is ㅋ; press u is ㅜ, ㅡ or ㅓ (Sung 성), o is ㅗ or ㅓ (Jong 정).
LATIN: dict[str, str] = {
    "kk": "k", "k": "k|kh", "g": "k", "gg": "k", "kh": "kh", "tt": "t", "t": "t|th", "d": "t", "th": "th",
    "pp": "p", "p": "p|ph", "b": "p", "ph": "ph", "ss": "s", "s": "s", "sh": "s", "jj": "ch", "j": "ch",
    "ch": "ch|chh", "tch": "ch", "chh": "chh", "ts": "ch", "r": "l", "l": "l", "ll": "l", "rr": "l", "ng": "ng",
    "eo": "eo", "ŏ": "eo", "eu": "eu", "ŭ": "eu", "oo": "u", "ee": "i|ui", "u": "u|eu|eo", "o": "o|eo",
    "ui": "ui|i", "ŭi": "ui", "eui": "ui", "oi": "oe", "ai": "ae", "ae": "ae|e", "e": "e|ae", "ea": "ae",
    "yeo": "yeo", "yŏ": "yeo", "yo": "yo|yeo", "you": "yeo|yo|yu", "yu": "yu|yeo", "ye": "ye|yae", "yae": "yae|ye",
    "wo": "wo", "wŏ": "wo", "wi": "wi", "we": "we|oe", "wae": "wae|oe", "oe": "oe", "woo": "u|wu", "yoo": "yu", "yng": "eung",
    "w": "w", "ck": "k",
    # the spellings people choose for their own given names: a silent h after a final vowel
    # (Ji-ah 지아, Hyun-oh 현오), read as the vowel alone (issue 17)
    "ah$": "a", "oh$": "o|eo",
    # McCune-Reischauer aspiration, its apostrophe kept by keys._words as U+0314: ch'ŏ, k'a, t'ae, p'o
    "ch\u0314": "chh", "k\u0314": "kh", "t\u0314": "th", "p\u0314": "ph",
}

# Revised Romanization writes the sound changes where two syllables meet (신라 Silla, 종로 Jongno,
# 국민 gungmin, 왕십리 Wangsimni, 설날 seollal): a final and the next initial, as coarse units →
# what RR writes, read back by LATIN (ll is one l).
ASSIMILATION: dict[tuple[str, str], tuple[str, str]] = {
    ("k", "n"): ("ng", "n"), ("k", "m"): ("ng", "m"), ("k", "l"): ("ng", "n"),
    ("t", "n"): ("n", "n"), ("t", "m"): ("n", "m"),
    ("p", "n"): ("m", "n"), ("p", "m"): ("m", "m"), ("p", "l"): ("m", "n"),
    ("n", "l"): ("", "l"), ("l", "n"): ("", "l"), ("l", "l"): ("", "l"),
    ("ng", "l"): ("ng", "n"), ("m", "l"): ("m", "n"),
}

# Korean names written through Russian (Чханвон → Chkhanvon, Кванджу → Kvandzhu) or in the
# spelling of another European language (German Kjong-dschu, Czech Čchondžu, Polish Czedżu,
# Turkish Çungcu, Esperanto Ĉunĉon, French Tjyen-tjyou). Read only for words that show one of
# FOREIGN_MARKS; there j is a glide (Czech, German Pchjongjang) and v the w of wo and wa.
FOREIGN: dict[str, str] = {
    **LATIN,
    "dzh": "ch", "dž": "ch", "dż": "ch", "dz": "ch", "dsch": "ch", "tsch": "ch", "zh": "ch", "ž": "ch", "ż": "ch",
    "chkh": "chh", "čch": "chh", "čh": "chh", "cch": "chh", "tkh": "th", "pkh": "ph", "pch": "ph", "kkh": "kh",
    "kh": "kh|h", "v": "w", "č": "ch|chh", "c": "ch|chh", "ĉ": "ch|chh", "ĝ": "ch", "ĵ": "ch", "ŝ": "s", "ŭ": "u|w",
    "cz": "ch", "sz": "s", "š": "s", "ś": "s", "ç": "ch", "tj": "ch", "j": "y", "eh": "ae|e", "ou": "u",
    "y": "eu|i", "yj": "ui", "e": "e|ae|eo", "ö": "eo", "ü": "u|wi", "ja": "ya", "jo": "yo|yeo", "ju": "yu", "je": "ye|yeo",
    "ya": "ya", "yo": "yo|yeo", "yu": "yu", "ye": "ye|yeo", "n": "n|ng", "u": "u|eu",
}
#: What shows such a spelling: a letter or cluster that no romanization of Korean uses (a j after
#: a first p, b or k is a glide: German, Czech, Polish Pjongjang, Kjongdschu).
FOREIGN_MARKS = r"dzh|dz|dsch|tsch|zh|chkh|cch|tkh|pkh|pch|kkh|kh|v|c(?!h)|cz|sz|tj|^[pbk]j|^[^e]*ou|[žżčĉĝĵŝšśç]"

# Surnames whose usual spellings no rule reads: spelling → Hangul (both Koreas).
SURNAMES: dict[str, str] = {
    "lee": "이 리", "yi": "이", "rhee": "이", "i": "이", "ri": "리", "rhie": "이", "lie": "이",
    "park": "박", "pak": "박", "bak": "박", "bahk": "박",
    "choi": "최", "choe": "최", "choy": "최",
    "roh": "노", "noh": "노", "no": "노", "rho": "노",
    "oh": "오", "o": "오",
    "woo": "우", "u": "우",
    "ahn": "안", "an": "안",
    "yoo": "유", "yu": "유", "ryu": "류", "ryoo": "류", "rhyu": "류",
    "lim": "임 림", "im": "임", "rim": "림",
    "kwon": "권", "gwon": "권",
    "shin": "신", "sin": "신",
    "suh": "서", "seo": "서", "so": "서",
    "sohn": "손", "son": "손",
    "hyun": "현", "hyon": "현", "hyeon": "현",
    "chung": "정", "jung": "정", "jeong": "정", "chong": "정", "jong": "정",
    "yoon": "윤", "yun": "윤",
    "chang": "장", "jang": "장",
    "cho": "조", "jo": "조",
    "kang": "강", "gang": "강",
    "huh": "허", "heo": "허", "hur": "허", "ho": "허",
    "um": "엄", "uhm": "엄", "eom": "엄",
    "ha": "하", "nam": "남", "han": "한", "moon": "문", "mun": "문",
    "baek": "백", "paek": "백", "paik": "백", "bae": "배", "pae": "배",
    "ko": "고", "koh": "고", "go": "고",
    "jun": "전", "jeon": "전", "chun": "전", "chon": "전",
    "hong": "홍", "hwang": "황", "song": "송", "yang": "양", "kim": "김", "gim": "김",
    "ryang": "량 양", "ryom": "렴",
}

# Korean names as Russian writes them (Kontsevich and the press: Ким Чен Ын, Пхеньян, Чхве Сон Хи).
CYRILLIC: dict[str, str] = {
    "к": "k|kh", "кк": "k", "кх": "kh", "г": "k", "т": "t|th", "тт": "t", "тх": "th", "д": "t|th",
    "р": "l", "л": "l", "ль": "l", "м": "m", "п": "p|ph", "пп": "p", "пх": "ph", "б": "p", "с": "s", "сс": "s",
    "ч": "ch|chh", "чч": "ch", "чх": "chh", "чж": "ch", "дж": "ch", "ж": "ch", "х": "h",
    "а": "a", "э": "ae|e", "я": "ya", "е": "e|ye|yeo", "ё": "yeo|yo",
    "че": "cheo|che|chheo|chhe", "чже": "cheo|che", "се": "seo|se", "о": "o|eo", "у": "u", "ы": "eu",
    "и": "i|ui", "ю": "yu", "ва": "wa", "вэ": "wae|we|oe", "ве": "oe|we", "во": "wo", "ви": "wi", "ый": "ui",
    "н": "n|ng", "нъ": "ng", "нь": "ng|n", "й": "", "йо": "yo|yeo", "йе": "ye|yeo", "йа": "ya", "йу": "yu",
}
# Korean names in Ukrainian Cyrillic (Кім Чен Ин): Ukrainian letters have their own values, so a
# Ukrainian name is read as the Russian letters of the same sounds: и is Russian ы (Ин = Ын, 은),
# і is и, ї is йи, є is е (issue 17: Кім Чен Ин is 김정은, not 김정인).
UKRAINIAN_AS_RUSSIAN: dict[str, str] = {"и": "ы", "і": "и", "ї": "йи", "є": "е", "ґ": "г"}
#: Letters that show a Cyrillic name is Ukrainian.
UKRAINIAN_LETTERS = frozenset("іїєґ")
CYRILLIC_SURNAMES: dict[str, str] = {"ли": "이 리", "пак": "박", "чхве": "최", "цой": "최", "но": "노", "ро": "노", "хён": "현"}

# Russian and Ukrainian names as the Korean press writes them (블라디미르 푸틴, 키이우), by the
# Korean rules for Russian words: consonant classes as Korean keeps them apart (ㄱ г, ㅋ к, ㅎ х and
# Ukrainian г, and a final г devoiced: 예카테린부르크; ㄷ д, ㅌ т; ㅂ б в, ㅍ п ф and a final б в;
# ㅅ с ш щ, ㅈ з ж дж, ㅊ ч ц) and five vowels
# (issue 17: 조기 is no Sochi 소치, 기우 no Kyiv 키이우). The vowel ㅡ after a lone consonant is
# inserted by Korean spelling and dropped; a final 우 stands for в (키이우 = Київ, 하르키우 = Харків).
LOAN_INITIALS = ("g", "g", "n", "d", "d", "l", "m", "b", "b", "s", "s", "", "z", "z", "c", "k", "t", "p", "h")
LOAN_VOWELS = ("a", "e", "a", "e", "o", "e", "e", "e", "o", "a", "e", "e", "o", "u", "o", "e", "i", "u", "", "i", "i")
LOAN_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "b", "b", "s",
               "s", "n", "s", "s", "k", "t", "p", "k")
# Latin skeleton letters → the same consonant classes (vowels and glides drop out).
LOAN_LATIN: dict[str, str] = {
    "b": "b|p", "v": "b|p", "p": "p", "f": "p", "w": "b|p", "g": "g|h|k", "k": "k", "kh": "h", "h": "h|g", "c": "k|c",
    "q": "k", "d": "d", "t": "t", "z": "z", "zh": "z", "s": "s", "sh": "s", "shch": "s", "ch": "c", "ts": "c",
    "dzh": "z", "r": "l", "l": "l", "m": "m", "n": "n", "ks": "ks",
    "a": "a", "e": "e", "i": "i", "o": "o", "u": "u", "ia": "a|ia", "iu": "u|iu", "io": "o|io", "ie": "e|ie",
}
