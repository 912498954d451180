"""Every threshold and limit, in one place, each with the reason for its value.

Four groups: what a match must show to count (changing one changes answers), the bounds that
keep hostile or huge input cheap (they change answers only for input past them), the points
where a faster way of computing the same thing takes over (they never change an answer: the
property tests compare both sides of each), and the bounds on resources (sizes, memory, time,
processes, files). The order of the tiers is in ``match/tiers.py``, the scores in
``match/calibration.tsv``; the service's limits, each a command-line option, in ``serve/limits.py``.
"""

from __future__ import annotations

# -- what a match must show ---------------------------------------------------------------------

#: No edit distance on shorter parts: Jong-il and Jong-un, GUR and GRU, stay apart.
FUZZY_MIN_CHARS = 5
#: From this length on, two edits are forgiven instead of one.
FUZZY_TWO_EDITS_CHARS = 9
#: Each edit of a fuzzy match lowers its raw score (what orders candidates) by this much.
EDIT_PENALTY = 0.04
#: A match's score is the precision measured for its evidence class (``match/calibration.py``): the
#: lower bound of a 95% Wilson interval, so that a class seen rarely never claims more than it showed ...
CALIBRATION_Z = 1.96
#: ... and a class seen fewer times than this takes its parent's score (too few to tell it apart).
CALIBRATION_MIN_COUNT = 30
#: Phonetic codes are only trusted on parts at least this long (GUR and GRU share one).
MIN_PHONETIC_CHARS = 4
#: A shared Metaphone code counts only between spellings at least this similar (Jaro-Winkler):
#: the code alone joins Kerch and Gorky.
PHONETIC_MIN_SIMILARITY = 0.9
#: Sound-class keys shorter than this are too common to trust (Ли, 리).
MIN_LOAN_CHARS = 3
#: A one-word name matched only by sound or by edits must be at least this long (Kicho is not
#: Kanash, Condzu is not Gongju); transcriptions to and from Hangul excepted.
LOOSE_SINGLE_PART_CHARS = 7
#: A query's patronymic or initial may go unmatched only in a name of this many parts or more
#: (in two, Natalia Sidorich, the -ich word is the surname).
UNNAMED_FROM_PARTS = 3
#: Parts written as one word are recognised up to this many at a time (Pyong-yang, Kim Jong-un).
MAX_MERGE = 3
#: An alias's parts are read as one word only if each is a syllable or short word (Jong + un,
#: Pyong + yang), and never in a Russian or Ukrainian name: no one writes Ivanpetrov, and
#: indexing every run would triple the index.
MERGE_PART_CHARS = 6
#: A lone surname with one adjacent transposition (Zelenksyy) may meet one person's surname from
#: this length on (issue 17): shorter surnames are too many and too alike (Kim, Park, Pak, Lee).
SURNAME_TYPO_CHARS = 8
#: A foreign case ending (Lithuanian -as, Esperanto -o) is read off only if this many letters
#: stay: shorter stems are other words.
MIN_FOREIGN_STEM = 4

# -- bounds on the work one input can cause --------------------------------------------------------

#: A query of more parts than this is no name (the shipped table's longest has 14): it meets an
#: alias only exactly as written, its parts not read, so its cost stays bounded whatever is sent.
MAX_QUERY_PARTS = 32
#: A name of more parts than this (an organization's) is aligned in its own word order only, not
#: also rotated at each word start (Belousov Andrei): rotations make alignment quadratic in the parts.
MAX_ROTATED_PARTS = 8
#: At most this many keys per name part and convention ...
MAX_KEYS = 24
#: ... from at most this many readings of its letters: a pathological word costs no more.
MAX_COMBINATIONS = 256
#: A name is filed under, and looked up by, at most this many spelled-out forms (an alias with
#: more is filed under every query, a query with more meets its aliases the longer way).
MAX_WRITTEN_KEYS = 32
#: The pre-alignment bound reads pairs of parts only up to this many query parts ...
BOUND_QUERY_PARTS = 6
#: ... and alias parts; past them a candidate is aligned without it (the bound's cost grows with
#: the product, and names so long are rare).
BOUND_ALIAS_PARTS = 8

# -- where a faster way of computing the same answer takes over -------------------------------------

#: From this many candidates on, those in a Korean name are tested all at once (``Index.korean_kept``).
BATCHED_KOREAN_FROM = 64
#: A part's forms met by loose keys are checked against it when there are at most this many (a
#: rare spelling, most often a typo, whose aliases then narrow the candidates; a common name's
#: forms are too many to check, and the rare part narrows them anyway).
VERIFIED_FORMS = 48
#: An index with this many keys or more looks a part's keys up in one NumPy search (the shipped
#: set, 144k keys, stays below: a one-shot lookup does not pay for importing NumPy) ...
SEARCHED_FROM = 1 << 18
#: ... in blocks of this many: first the block in an array of each block's first hash, then in it.
SEARCH_BLOCK = 64
#: Candidates are gathered as arrays from this many aliases of a first part on (below, NumPy's own
#: cost per call outweighs what it saves) ...
ARRAYS_FROM = 200
#: ... and filtered by a further part's posting lists while these hold at most this many times as
#: many aliases (each is one step in C, not one in Python).
ARRAY_RATIO = 64
#: A further part's posting lists are checked against the candidates while they hold at most this
#: many times as many aliases, else each candidate's forms are tested. (Measured at 1M: 8.)
INTERSECT_RATIO = 8
#: Names met as written whose sharing (resolver/shared.py) a table remembers; all are forgotten
#: past this many (a few hundred bytes each).
SHARED_KEPT = 65536
#: Names sent to a worker process at a time by ``resolve_many``.
RESOLVE_CHUNK = 1000

# -- bounds on resources: input sizes, memory, time, processes, files -------------------------------

#: No name is longer: ``resolve`` answers None for a longer one (and ``candidates`` nothing), which
#: bounds the work a hostile string causes; a table's longer alias is a problem (table.py).
#: ``normalize`` and ``fold`` themselves return the whole text, however long.
MAX_NAME_CHARS = 512
#: A name of at most this many letters or digits (Latin, Cyrillic) is short; in Hangul or Hanja,
#: one syllable or character is.
MAX_SHORT_CHARS = 2
#: An alias of one word in capitals, at most this long, is an acronym (ФСБ, GUR, NABU).
MAX_ACRONYM_CHARS = 5
#: Text beyond this many characters is annotated in pieces of at most this size, cut after a
#: paragraph, a sentence or at least a space in the piece's second half, never inside a word.
MAX_TEXT_CHARS = 1_000_000
#: A piece cut inside a sentence has this many of its last characters read again with the next
#: piece (a name is shorter).
OVERLAP_CHARS = 2_000
#: The candidate step tries runs of at most this many words.
MAX_RUN_WORDS = 4
#: An imported place is "beside" another when at most this many characters apart (resolver/places.py).
BESIDE_CHARS = 8
#: Records read, resolved and written at a time by ``aliasdb resolve`` (the unit a worker gets).
STREAM_CHUNK = 256
#: ``aliasdb resolve`` remembers the answers for this many distinct names (a few hundred bytes each).
RESOLVED_KEPT = 200_000
#: ``aliasdb annotate`` reads a file whole: at most this many bytes of one.
MAX_TEXT_BYTES = 256 * 1024 * 1024
#: A longer line is a bad record (read past, never held whole): no name is this long, and an
#: endless input without newlines (``/dev/zero``) would otherwise fill the memory.
MAX_LINE_BYTES = 1 << 20
#: A record longer than this is held in a temporary file, not in memory, until it is written; a JSON
#: line this long is not parsed (it would be held whole, as objects several times its size): it is
#: passed through unchanged, unresolved.
SPOOL_FROM = 1 << 20
#: A name value longer than this (in bytes, as written in the input) is not read: no name is this
#: long (``normalize.MAX_NAME_CHARS`` characters at most are resolved); the record is left unresolved.
MAX_NAME_BYTES = 1 << 16
#: Bytes read from the input at a time by the pass-through reader of ``aliasdb resolve``.
BLOCK = 1 << 16
#: Tables a process keeps loaded at once; the oldest loaded is dropped beyond this.
MAX_CACHED = 4
#: Chunks waiting or running per worker process: enough to keep each busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
#: While a batch runs, the collector's first generation waits for this many new objects, not 700:
#: a batch fills caches with long-lived parts and keys, and with the default every few queries
#: paid for a pass over them (40% of the time on a large table). Restored when no batch runs.
BATCH_GC_THRESHOLD = 50_000
#: How often a worker checks that its parent lives: the longest an orphan outlives it, by the watch.
WATCH_SECONDS = 0.25
#: Aliases and table rows checked on every load (cache entries included).
SAMPLE = 64
#: ... and on loading a file that is not a cache entry.
FULL_SAMPLE = 4096
#: A temporary file this old in the cache is a build that was killed; an entry of another aliasdb
#: version this old is one no install is likely to read again. Both are removed when a cache is written.
STALE_TEMP_SECONDS = 6 * 3600
STALE_ENTRY_SECONDS = 7 * 24 * 3600
#: A table file larger than this is refused before it is parsed.
MAX_TABLE_BYTES = 512 * 1024 * 1024
