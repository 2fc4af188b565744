# 00_macros.pat — building blocks shared by every default pattern file.
#
# A macro is written {NAME} in a later expression and expands to
# (?:its body), so it can take a quantifier.  Macros expand where they are
# defined: redefining one later does not change what was built from it.
# Files load in lexical order, so user files (--patterns DIR) can use these.

# Optional horizontal space (U+3000 included): plain-text input and some PDF
# extractions keep a space between a number and its unit ("953.39 万元").
define S = \h*

# A printed number: digits with optional thousands commas and decimals,
# never starting inside another number ("53.39" out of "953.39").
define NUM = (?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?

# Chinese numerals as used for small counts (编制十人).
define CNNUM = [零〇一二两三四五六七八九十百千]+

define MONEY_UNIT = 万元|亿元|千元|元

# An amount with its unit: 953.39万元, 13,649.07 万元.
define MONEY = {NUM}{S}(?:{MONEY_UNIT})

# A percentage, sign allowed: 23.82%, 100%, -3.25%, 37.9％.
define PCT = (?:-{S})?{NUM}{S}[%％]

# A year as a period: 2019年, 2024年度, "2020 年".
define YEAR = (?:19|20)\d\d{S}年度?

# Directions of a change.
define UP = 增加|增长|上升|提高|增|多
define DOWN = 减少|下降|降低|压减|节约|减|少

# What a change is measured against: 同比, 比上年, 较2019年预算,
# 比2022年（上一年度，下同）预算, 比2025年预算执行数, 与上年相比, 与2023年度相比.
define PAREN = （[^（）\n]{1,40}）|\([^()\n]{1,40}\)
define BASE_KIND = 预算执行数|当年预算执行数|预算数|预算|决算数|决算|执行数|同期|数
define BASIS = 同比|环比
    |(?:比|较)上年度?(?:{BASE_KIND})?
    |与上年度?(?:{BASE_KIND})?相比
    |(?:比|较)(?<![\d]){YEAR}(?:{PAREN})?(?:{BASE_KIND})?
    |与{YEAR}(?:{BASE_KIND})?相比

# Where a subject (the name a figure is stated for) may begin: not inside a
# run of name characters, except right after an enumerator such as （一）,
# a listing word (其中, 包括) or an amount and a conjunction (万元和).
define NAME_CHARS = [\p{sc=Han}（）()“”"《》]
# (The one-character lookbehinds in front keep the longer ones from running
# at every position of a text.)
define BOUNDARY = (?:(?<![\p{sc=Han}（）()“”"《》])
    |(?<=[）)])(?<=（[一二三四五六七八九十]）|（十[一二三四五六七八九]）|（\d）|\(\d\)|（\d\d）|\(\d\d\))
    |(?<=[中括含和及与])(?<=其中|包括|包含|元和|元及|元与|人和))

# A subject: up to 61 name characters, not starting with a date or class
# word or a listing word (其中, 包括), shortest first so that connecting words (为, 共计) stay outside.
define SUBJ_START = (?![年度月类、万亿元]|其中|包括|包含|主要|以及)
define SUBJ = {SUBJ_START}[\p{sc=Han}“"《]{NAME_CHARS}{0,60}?

# A cheap test before trying subjects: the run of name characters that
# starts here ends at a number.  Possessive, so it costs one pass per run;
# without it every run of prose is tried at 61 lengths.
define SUBJ_AHEAD = (?={NAME_CHARS}{1,61}+{S}\d)

# A subject must not end in a change or comparison word.
define NOT_CHANGE_END = (?<!增加|减少|增长|下降|降低|上升|提高|节约|压减|持平|同比|相比|增|减|多|少|比|较|为|占|约|达|共)
