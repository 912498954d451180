"""Cyrillic (Russian and Ukrainian) → the skeleton alphabet.

The skeleton is a deliberately lossy Latin spelling in which every romanization convention of
one Cyrillic name meets: soft and hard signs vanish, й/и/ы/і/ї are one ``i``, е/э/є one ``e``.
``|`` separates alternatives: ``ё`` is read as e, o or io because writers use all three
(Gorbachev, Gorbatschow, Pyotr). Ukrainian ``г`` is ``g`` like Russian ``г``, so that
Luhansk and Lugansk, Herasymov and Gerasimov share a skeleton.
"""

CYRILLIC: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e",
    "ё": "e|o|io", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ъ": "",
    "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    # Belarusian ў is the в of Russian after a vowel (Лаўроў, Лавров) (issue 17)
    "ў": "u|v", "щ": "shch",
    # Serbian, Macedonian and Belarusian letters (Борис Јељцин, Тјумењ, Ћерчов): issue 17
    "ј": "i", "љ": "l", "њ": "n", "ћ": "ch", "ђ": "dzh", "џ": "dzh", "ѓ": "g", "ќ": "k", "ѕ": "dz",
    # е after a vowel is said je, and Latin writes it so (Matvejev, Matveyev for Матвеев)
    "ае": "ae|aie", "ее": "ee|eie", "ое": "oe|oie", "уе": "ue|uie", "ые": "ie|iie", "юе": "iue|iuie",
    "яе": "iae|iaie",
    # Russian writers drop the dots of ё: after a hushing consonant е is often ё (Хрущев, Горбачев).
    "чев$": "chev|chov", "щев$": "shchev|shchov", "шев$": "shev|shov", "жев$": "zhev|zhov",
}
# Bulgarian ъ before a consonant is a vowel, written a or u in Latin (Търговище, Targovishte); in
# Russian it only ever stands before е, ё, ю, я, and is silent there.
CYRILLIC |= {f"ъ{c}": "|".join(f"{vowel}{x}" for vowel in "au" for x in v.split("|"))
             for c, v in CYRILLIC.items() if c in "бвгджзклмнпрстфхцчшщ"}
#: A word that shows such a ъ is Bulgarian, and read so whole: щ is шт there (Търговище,
#: Targovishte), never in a Russian word (Бащанка is no Баштанка).
BULGARIAN: dict[str, str] = {**CYRILLIC, "щ": "sht|shch"}
BULGARIAN_MARK = "ъ[бвгджзклмнпрстфхцчшщ]"
