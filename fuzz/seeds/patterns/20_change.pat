# 20_change.pat — a change stated as an amount (同比增加183.39万元) or as no
# change (与上年持平).  Fields: basis (what it is measured against), dir (the
# direction word), amount, subject (the name between basis and direction,
# when the sentence has one: 与上年相比，财政拨款支出增加844.15万元).

[change.amount]
priority = 20
regex = (?<basis>{BASIS})(?:{PAREN})?[，,]?{S}
    (?:(?<subject>[^，。；：！？\d\n%％]{1,30}?))??
    (?:同比)?{S}(?<dir>{UP}|{DOWN})了?{S}
    (?<amount>{MONEY})
example = 2019年部门一般公共预算支出953.39万元，同比增加183.39万元，同比增长23.82%
example = 较2019年预算（剔除不再列入部门预算项目支出的转移支付资金）同比增加5.9万元
example = 比2022年（上一年度，下同）预算增加1421.25万元
example = 与上年相比，一般公共预算财政拨款支出减少63.14万元
example = 比上年预算减少31万元
nonexample = 同比增长23.82%

# A change with no basis in the sentence: 其中：基本支出增加5.9万元.
[change.bare]
priority = 10
regex = {BOUNDARY}{SUBJ_AHEAD}(?<subject>{SUBJ})(?<!同比|环比|相比|上年|预算|年度|年|数|比)
    (?<dir>增加|减少){S}(?<amount>{MONEY})
example = 其中：基本支出增加5.9万元，主要是
nonexample = ，同比增加183.39万元
nonexample = 比2022年预算增加1421.25万元

# No change: 与上年持平, 比2022年预算持平, 本年数与上年预算数一致, 均与2019年持平.
[change.flat]
priority = 20
regex = (?<basis>{BASIS}|与上年度?(?:{BASE_KIND})?|与{YEAR}(?:{BASE_KIND})?)
    (?:相比)?[，,]?{S}(?:均|基本|保持)?{S}
    (?<dir>持平|一致|相同|相等|未发生变化|没有变化|无变化)
example = （一）因公出国（境）经费2019年预算0万元，与上年持平。
example = 国有资本经营预算拨款支出预算0万元，比2022年预算持平。
example = 公务接待费0万元，均与2019年持平。
example = 支出1600万元，与上年一致。
nonexample = 应与《收支预算总表》数一致

# 本年数小于上年预算数403.75万元: a difference stated as a comparison.
[change.compare]
priority = 20
regex = (?<basis>(?:本年数?|本年预算数?)?(?:小于|大于|少于|多于|低于|高于)上年(?:度)?(?:{BASE_KIND})?)
    {S}(?<amount>{MONEY})
example = 会议费预算支出1305.25万元，本年数小于上年预算数403.75万元，原因是
