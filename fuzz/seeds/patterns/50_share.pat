# 50_share.pat — a part's share of a whole: 占一般公共预算37.9%,
# 占本年支出合计的100%, 占56.17%, and "占 76.23" printed without the sign.
# Fields: of (the whole, when named), share (the number, with its % when
# printed).

[share.of]
priority = 20
regex = 占(?:比重?|比例)?{S}
    (?:(?<of>[^\d，。；：！？\n%％、]{1,24}?)的?)?(?:比重|比例)?(?:为)?{S}
    (?<share>{NUM}(?:{S}[%％])?)
    (?![\d.]|{S}(?:{MONEY_UNIT}|万|亿|个|人|名|项|次|年|元))
example = （一）201类一般公共服务支出361.37万元，占一般公共预算37.9%，同比增加78.08万元
example = 1.基本支出601.39万元；占支出总预算63.08%，同比增加208.39万元
example = 财政拨款预算支出13649.07万元，占本年支出合计的100%。
example = 公务接待费支出427.5万元，占“三公”经费的16.81%。
example = 财政拨款收入2940.05万元，占99.79%；
example = 占 76.23
nonexample = 占地20万元
nonexample = 占用办公用房3个

# 完成年初预算的98.20%
[share.completion]
priority = 20
regex = 完成(?<of>年初预算|全年预算|预算|调整预算)的?{S}(?<share>{PCT})
example = 支出决算为2940.05万元，完成年初预算的98.20%。
