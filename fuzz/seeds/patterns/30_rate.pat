# 30_rate.pat — a change stated as a percentage: 同比增长23.82%, 下降100%,
# 比2023年预算执行数减少57.14%, 增幅为5%.  Fields: basis (when the sentence
# states one), subject (between basis and direction), dir, percent.

[rate.percent]
priority = 20
regex = (?:(?<basis>{BASIS})(?:{PAREN})?[，,]?{S}
        (?:(?<subject>[^，。；：！？\d\n%％]{1,30}?))??(?:同比)?{S})?
    (?<dir>{UP}|{DOWN}|增幅|降幅|涨幅|减幅)了?{S}(?:为|达)?{S}
    (?<percent>{PCT})
example = 同比增加183.39万元，同比增长23.82%，增加的主要原因
example = 同比减少4万元，同比下降100%，减少原因
example = 2023年预算安排635.10万元，比2022年预算执行数减少4.83%。
example = 与上年相比增加844.15万元，增长6.59%
example = 增幅为5%
nonexample = 同比增加183.39万元
