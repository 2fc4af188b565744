# 40_prior.pat — the amount of an earlier period that a figure is compared
# with.  Fields: prior_period (how the text names that period), prior.

# 比2018年（上一年）预算4.62万元
[prior.compared]
priority = 20
regex = (?:比|较)(?<prior_period>(?:{YEAR}|上年度?)(?:{PAREN})?(?:{BASE_KIND})?)
    (?:为|的)?{S}(?<prior>{MONEY})
example = “三公”经费支出预算0.81万元，比2018年（上一年）预算4.62万元，同比减少3.81万元
example = 2024年度项目支出为500.00万元，比上年的600.00万元有所增加
nonexample = 比2022年预算增加1421.25万元

# 比“十三五”时期的169.88亿元增加25.21亿元; 较“十三五”时期（299亿元）增加113亿元:
# a prior named by its period in words, with the change right after it
[prior.compared_named]
priority = 20
regex = (?:比|较)(?<prior_period>[^，。；：、,;:\s\d（）()]{1,24}?)(?:的|为)?{S}[（(]?{S}(?<prior>{MONEY}){S}[）)]?{S}
    (?=增|减|多|少|下降|上升|提高|降低)
example = 非税收入总额为195.09亿元，比“十三五”时期的169.88亿元增加25.21亿元，增长14.8%
example = 五年累计收入达412亿元，较“十三五”时期（299亿元）增加113亿元
nonexample = 三公经费支出3.6亿元，较预算数减少0.94亿元

# 2022年当年预算执行数为1.48万元; 上年预算数为4.62万元; 年初预算为2993.92万元
[prior.stated]
priority = 20
regex = (?<![比较]|小于|大于|少于|多于|低于|高于)(?<prior_period>(?:{YEAR}{S}|上年度?)(?:当年)?(?:预算执行数|执行数|决算数|预算数)
        |年初预算数?)
    (?:为|是)?{S}(?<prior>{MONEY})
example = 2022年当年预算执行数为1.48万元，2023年预算安排2.63万元
example = 支出年初预算为2993.92万元，支出决算为2940.05万元
nonexample = 比2022年预算执行数增加77.70%
nonexample = 本年数小于上年预算数403.75万元
